//! The entities of one article: its title and body mentions, and the names its record gives,
//! merged by canonical name and counted, for the index and for output.

use std::collections::HashMap;

use super::canonical::join_partial_names;
use super::gazetteer::GAZETTEER;
use super::normalize::normalize_name;
use super::{Entity, EntityKind, Mention};
use crate::article::GivenEntities;

/// The canonical form of a location name: a country's other names give its common name.
pub(crate) fn canonical_location(name: &str) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    match GAZETTEER.aliases.get(name.as_str()) {
        Some(common) => (*common).to_owned(),
        None => name,
    }
}

/// Entities being counted, keyed by kind and normalized name.
#[derive(Default)]
struct Tally {
    entities: Vec<Entity>,
    index: HashMap<(EntityKind, String), usize>,
}

impl Tally {
    /// Counts `count` mentions of `name` (with `count == 0`, only makes sure the entity exists).
    fn add(&mut self, kind: EntityKind, name: &str, count: u32, in_title: bool) {
        let name = name.trim();
        let key = normalize_name(name);
        if key.is_empty() {
            return;
        }
        match self.index.get(&(kind, key.clone())) {
            Some(&i) => {
                let e = &mut self.entities[i];
                e.count += count;
                e.in_title |= in_title;
            }
            None => {
                self.index.insert((kind, key), self.entities.len());
                self.entities.push(Entity {
                    kind,
                    name: name.to_owned(),
                    count,
                    in_title,
                });
            }
        }
    }

    /// Merges person entities whose name is part of another's ("Trump" into "Donald Trump").
    fn join_persons(&mut self) {
        let persons: Vec<usize> = (0..self.entities.len())
            .filter(|&i| self.entities[i].kind == EntityKind::Person)
            .collect();
        let names: Vec<String> = persons
            .iter()
            .map(|&i| self.entities[i].name.clone())
            .collect();
        let counts: Vec<u32> = persons.iter().map(|&i| self.entities[i].count).collect();
        let joined = join_partial_names(&names, &counts);
        let mut gone = vec![false; self.entities.len()];
        for (p, target) in joined.iter().enumerate() {
            let Some(mut t) = *target else { continue };
            // follow to a name that joins no further
            while let Some(next) = joined[t] {
                t = next;
            }
            let (from, to) = (persons[p], persons[t]);
            let (count, in_title) = (self.entities[from].count, self.entities[from].in_title);
            self.entities[to].count += count;
            self.entities[to].in_title |= in_title;
            gone[from] = true;
        }
        let mut i = 0;
        self.entities.retain(|_| {
            i += 1;
            !gone[i - 1]
        });
    }
}

/// See [`super::summarize`].
pub(crate) fn summarize(title: &[Mention], body: &[Mention], given: &GivenEntities) -> Vec<Entity> {
    let mut tally = Tally::default();
    for (mentions, in_title) in [(body, false), (title, true)] {
        for m in mentions.iter().filter(|m| m.kind != EntityKind::Date) {
            tally.add(m.kind, &m.canonical, 1, in_title);
        }
    }
    let lists = [
        (EntityKind::Person, &given.persons),
        (EntityKind::Organization, &given.organizations),
        (EntityKind::Location, &given.locations),
    ];
    for (kind, names) in lists {
        for name in names {
            let name = if kind == EntityKind::Location {
                canonical_location(name)
            } else {
                name.clone()
            };
            tally.add(kind, &name, 0, false);
        }
    }
    tally.join_persons();
    let mut entities = tally.entities;
    for e in &mut entities {
        e.count = e.count.max(1); // a name given by the record, never mentioned
    }
    entities.sort_by(|a, b| {
        (a.kind, std::cmp::Reverse(a.count), &a.name).cmp(&(
            b.kind,
            std::cmp::Reverse(b.count),
            &b.name,
        ))
    });
    entities
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(kind: EntityKind, canonical: &str) -> Mention {
        Mention {
            kind,
            text: canonical.to_owned(),
            canonical: canonical.to_owned(),
            start: 0,
            end: canonical.len(),
            char_start: 0,
            char_end: canonical.chars().count(),
        }
    }

    #[test]
    fn merges_counts_and_orders() {
        use EntityKind::*;
        let title = [
            mention(Person, "Trump"),
            mention(Location, "Iraq"),
            mention(Date, "2020-01-06"),
        ];
        let body = [
            mention(Person, "Donald Trump"),
            mention(Person, "Donald Trump"),
            mention(Location, "Iraq"),
            mention(Location, "Baghdad"),
            mention(Organization, "AFP"),
            mention(Location, "iraq"),
            mention(Date, "2020"),
        ];
        let given = GivenEntities {
            persons: vec!["Qasem Soleimani".into()],
            organizations: vec!["afp".into()],
            locations: vec!["U.S.".into()],
        };
        let entities = summarize(&title, &body, &given);
        let got: Vec<(EntityKind, &str, u32, bool)> = entities
            .iter()
            .map(|e| (e.kind, e.name.as_str(), e.count, e.in_title))
            .collect();
        assert_eq!(
            got,
            [
                (Person, "Donald Trump", 3, true),
                (Person, "Qasem Soleimani", 1, false),
                (Organization, "AFP", 1, false),
                (Location, "Iraq", 3, true),
                (Location, "Baghdad", 1, false),
                (Location, "United States", 1, false),
            ]
        );
    }

    #[test]
    fn a_given_full_name_takes_in_a_surname() {
        let body = [mention(EntityKind::Person, "Soleimani")];
        let given = GivenEntities {
            persons: vec!["Qasem Soleimani".into()],
            ..Default::default()
        };
        let entities = summarize(&[], &body, &given);
        assert_eq!(entities.len(), 1);
        assert_eq!(
            (entities[0].name.as_str(), entities[0].count),
            ("Qasem Soleimani", 1)
        );
    }
}
