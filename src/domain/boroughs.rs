//! The 32 London boroughs and the City.

pub const BOROUGHS: [&str; 33] = [
    "Barking and Dagenham",
    "Barnet",
    "Bexley",
    "Brent",
    "Bromley",
    "Camden",
    "City of London",
    "Croydon",
    "Ealing",
    "Enfield",
    "Greenwich",
    "Hackney",
    "Hammersmith and Fulham",
    "Haringey",
    "Harrow",
    "Havering",
    "Hillingdon",
    "Hounslow",
    "Islington",
    "Kensington and Chelsea",
    "Kingston upon Thames",
    "Lambeth",
    "Lewisham",
    "Merton",
    "Newham",
    "Redbridge",
    "Richmond upon Thames",
    "Southwark",
    "Sutton",
    "Tower Hamlets",
    "Waltham Forest",
    "Wandsworth",
    "Westminster",
];

/// The canonical spelling of a borough named in any case, if it is one.
pub fn canonical(name: &str) -> Option<&'static str> {
    let wanted = name.trim();
    BOROUGHS.iter().copied().find(|b| b.eq_ignore_ascii_case(wanted))
}
