//! The map of the synthetic London: boroughs with their postcode districts,
//! streets and approximate centres, the custody suites and the courts.

use rand::Rng;

use crate::domain::location::Address;

use super::pick::{chance, one};

pub(crate) struct Borough {
    /// Canonical name, as in `domain::boroughs::BOROUGHS`.
    pub name: &'static str,
    /// Two-character unit code used in URNs.
    pub unit: &'static str,
    pub lat: f64,
    pub lon: f64,
    /// Postcode district and the locality it is known by.
    pub districts: &'static [(&'static str, &'static str)],
    pub streets: &'static [&'static str],
}

const fn b(
    name: &'static str,
    unit: &'static str,
    lat: f64,
    lon: f64,
    districts: &'static [(&'static str, &'static str)],
    streets: &'static [&'static str],
) -> Borough {
    Borough { name, unit, lat, lon, districts, streets }
}

/// The 32 boroughs and the City, in the order of `domain::boroughs::BOROUGHS`.
#[rustfmt::skip]
pub(crate) const BOROUGHS_DATA: [Borough; 33] = [
    b("Barking and Dagenham", "KG", 51.5465, 0.1293, &[("IG11", "Barking"), ("RM8", "Dagenham"), ("RM9", "Dagenham"), ("RM10", "Dagenham")], &["Ripple Road", "Longbridge Road", "Heathway", "Rainham Road South", "Gascoigne Road"]),
    b("Barnet", "SX", 51.6252, -0.1517, &[("N12", "North Finchley"), ("NW4", "Hendon"), ("EN5", "Barnet"), ("NW9", "Colindale"), ("N11", "Friern Barnet")], &["Ballards Lane", "Brent Street", "Colindale Avenue", "Watling Avenue", "High Road"]),
    b("Bexley", "RY", 51.4549, 0.1505, &[("DA5", "Bexley"), ("DA6", "Bexleyheath"), ("DA7", "Bexleyheath"), ("DA8", "Erith"), ("DA14", "Sidcup"), ("DA15", "Sidcup")], &["Broadway", "Mayplace Road East", "Pier Road", "Blackfen Road", "Bexley Road"]),
    b("Brent", "QK", 51.5588, -0.2817, &[("HA9", "Wembley"), ("NW10", "Harlesden"), ("NW2", "Cricklewood"), ("NW6", "Kilburn"), ("HA0", "Wembley")], &["Harrow Road", "Craven Park Road", "Kilburn High Road", "Ealing Road", "Church Road", "Chalkhill Road"]),
    b("Bromley", "PY", 51.4039, 0.0198, &[("BR1", "Bromley"), ("BR2", "Bromley"), ("BR3", "Beckenham"), ("BR5", "Orpington"), ("BR6", "Orpington"), ("SE20", "Penge")], &["Widmore Road", "Masons Hill", "Croydon Road", "Crofton Road", "Mottingham Road"]),
    b("Camden", "EK", 51.5290, -0.1255, &[("NW1", "Camden Town"), ("NW5", "Kentish Town"), ("NW3", "Hampstead"), ("WC1N", "Holborn"), ("NW6", "West Hampstead")], &["Camden High Street", "Kentish Town Road", "Malden Road", "Prince of Wales Road", "Queen's Crescent", "Agar Grove"]),
    b("City of London", "CY", 51.5155, -0.0922, &[("EC2Y", "Barbican"), ("EC4V", "Blackfriars"), ("EC3N", "Aldgate")], &["Cheapside", "Fenchurch Street", "Cannon Street", "London Wall", "Aldersgate Street"]),
    b("Croydon", "ZD", 51.3762, -0.0982, &[("CR0", "Croydon"), ("CR2", "South Croydon"), ("CR7", "Thornton Heath"), ("SE25", "South Norwood"), ("CR5", "Coulsdon")], &["London Road", "Brighton Road", "Lower Addiscombe Road", "Whitehorse Road", "Portland Road", "Thornton Road"]),
    b("Ealing", "XD", 51.5130, -0.3089, &[("W5", "Ealing"), ("W13", "West Ealing"), ("UB1", "Southall"), ("UB2", "Southall"), ("W3", "Acton"), ("UB6", "Greenford")], &["Uxbridge Road", "The Broadway", "South Road", "Northfield Avenue", "Horn Lane", "Greenford Road"]),
    b("Enfield", "YE", 51.6538, -0.0799, &[("EN1", "Enfield"), ("EN3", "Ponders End"), ("N9", "Lower Edmonton"), ("N18", "Upper Edmonton"), ("N13", "Palmers Green")], &["Hertford Road", "Fore Street", "Church Street", "Green Lanes", "Southbury Road"]),
    b("Greenwich", "RG", 51.4892, 0.0648, &[("SE10", "Greenwich"), ("SE18", "Woolwich"), ("SE9", "Eltham"), ("SE7", "Charlton"), ("SE28", "Thamesmead")], &["Powis Street", "Trafalgar Road", "Eltham High Street", "Woolwich Road", "Plumstead High Street"]),
    b("Hackney", "GD", 51.5450, -0.0553, &[("E8", "Dalston"), ("E9", "Homerton"), ("N16", "Stoke Newington"), ("E5", "Clapton"), ("N1", "Hoxton")], &["Mare Street", "Kingsland Road", "Stoke Newington High Street", "Lower Clapton Road", "Amhurst Road", "Dalston Lane"]),
    b("Hammersmith and Fulham", "FH", 51.4927, -0.2339, &[("W6", "Hammersmith"), ("W12", "Shepherd's Bush"), ("SW6", "Fulham"), ("W14", "West Kensington")], &["King Street", "Fulham Palace Road", "Uxbridge Road", "North End Road", "Askew Road", "Goldhawk Road"]),
    b("Haringey", "YR", 51.5906, -0.1110, &[("N17", "Tottenham"), ("N15", "South Tottenham"), ("N22", "Wood Green"), ("N8", "Hornsey"), ("N4", "Harringay")], &["High Road", "West Green Road", "Lordship Lane", "Green Lanes", "Philip Lane", "Park Lane"]),
    b("Harrow", "QA", 51.5898, -0.3346, &[("HA1", "Harrow"), ("HA2", "South Harrow"), ("HA3", "Wealdstone"), ("HA7", "Stanmore"), ("HA5", "Pinner")], &["Station Road", "Northolt Road", "Headstone Drive", "Kenton Road", "Pinner Road"]),
    b("Havering", "KD", 51.5812, 0.1837, &[("RM1", "Romford"), ("RM3", "Harold Hill"), ("RM7", "Rush Green"), ("RM12", "Hornchurch"), ("RM13", "Rainham")], &["South Street", "Straight Road", "North Street", "Hornchurch Road", "Upminster Road"]),
    b("Hillingdon", "XH", 51.5441, -0.4760, &[("UB8", "Uxbridge"), ("UB3", "Hayes"), ("UB4", "Hayes"), ("UB7", "West Drayton"), ("HA4", "Ruislip"), ("UB10", "Hillingdon")], &["High Street", "Coldharbour Lane", "Botwell Lane", "Long Lane", "Park Road"]),
    b("Hounslow", "TX", 51.4746, -0.3680, &[("TW3", "Hounslow"), ("TW4", "Hounslow West"), ("TW5", "Heston"), ("TW7", "Isleworth"), ("TW8", "Brentford"), ("W4", "Chiswick")], &["Bath Road", "Staines Road", "Hanworth Road", "Chiswick High Road", "London Road", "Great West Road"]),
    b("Islington", "NI", 51.5465, -0.1058, &[("N1", "Islington"), ("N7", "Holloway"), ("N19", "Archway"), ("N5", "Highbury"), ("EC1V", "Finsbury")], &["Holloway Road", "Essex Road", "Upper Street", "Seven Sisters Road", "Caledonian Road", "Junction Road"]),
    b("Kensington and Chelsea", "BS", 51.5020, -0.1947, &[("W10", "North Kensington"), ("W11", "Notting Hill"), ("SW3", "Chelsea"), ("SW10", "West Brompton"), ("W8", "Kensington"), ("SW5", "Earl's Court")], &["Ladbroke Grove", "Portobello Road", "King's Road", "Earl's Court Road", "Golborne Road", "Fulham Road"]),
    b("Kingston upon Thames", "VK", 51.4123, -0.3007, &[("KT1", "Kingston"), ("KT2", "Norbiton"), ("KT3", "New Malden"), ("KT5", "Surbiton"), ("KT9", "Chessington")], &["Clarence Street", "Cambridge Road", "London Road", "Ewell Road", "High Street"]),
    b("Lambeth", "LX", 51.4571, -0.1231, &[("SW2", "Brixton"), ("SW9", "Stockwell"), ("SE11", "Kennington"), ("SW16", "Streatham"), ("SE27", "West Norwood"), ("SW8", "South Lambeth")], &["Brixton Road", "Coldharbour Lane", "Acre Lane", "Stockwell Road", "Streatham High Road", "Railton Road"]),
    b("Lewisham", "PL", 51.4452, -0.0209, &[("SE13", "Lewisham"), ("SE14", "New Cross"), ("SE6", "Catford"), ("SE4", "Brockley"), ("SE8", "Deptford"), ("SE23", "Forest Hill")], &["Lewisham High Street", "New Cross Road", "Rushey Green", "Deptford High Street", "Brockley Road", "Evelyn Street"]),
    b("Merton", "VW", 51.4014, -0.1958, &[("SW19", "Wimbledon"), ("CR4", "Mitcham"), ("SM4", "Morden"), ("SW20", "Raynes Park")], &["The Broadway", "London Road", "Morden Road", "Merton High Street", "Haydons Road"]),
    b("Newham", "KF", 51.5255, 0.0352, &[("E15", "Stratford"), ("E13", "Plaistow"), ("E6", "East Ham"), ("E7", "Forest Gate"), ("E16", "Canning Town"), ("E12", "Manor Park")], &["The Broadway", "Barking Road", "Romford Road", "Green Street", "High Street North", "Plashet Grove"]),
    b("Redbridge", "JI", 51.5590, 0.0741, &[("IG1", "Ilford"), ("IG2", "Gants Hill"), ("IG3", "Seven Kings"), ("IG6", "Barkingside"), ("E11", "Wanstead"), ("E18", "South Woodford")], &["High Road", "Cranbrook Road", "Ley Street", "Green Lane", "Eastern Avenue"]),
    b("Richmond upon Thames", "TW", 51.4479, -0.3260, &[("TW9", "Richmond"), ("TW1", "Twickenham"), ("TW2", "Whitton"), ("SW14", "Mortlake"), ("TW11", "Teddington")], &["George Street", "Heath Road", "Sheen Road", "Hampton Road", "Upper Richmond Road West"]),
    b("Southwark", "MD", 51.5035, -0.0804, &[("SE1", "Borough"), ("SE5", "Camberwell"), ("SE15", "Peckham"), ("SE16", "Bermondsey"), ("SE17", "Walworth"), ("SE22", "East Dulwich")], &["Walworth Road", "Old Kent Road", "Rye Lane", "Camberwell Church Street", "Southwark Park Road", "Peckham High Street"]),
    b("Sutton", "ZT", 51.3618, -0.1945, &[("SM1", "Sutton"), ("SM2", "Belmont"), ("SM3", "Cheam"), ("SM5", "Carshalton"), ("SM6", "Wallington")], &["High Street", "Carshalton Road", "Stafford Road", "Sutton Common Road", "Brighton Road"]),
    b("Tower Hamlets", "HT", 51.5203, -0.0293, &[("E1", "Whitechapel"), ("E2", "Bethnal Green"), ("E3", "Bow"), ("E14", "Poplar"), ("E1W", "Wapping")], &["Whitechapel Road", "Commercial Road", "Cambridge Heath Road", "Roman Road", "East India Dock Road", "Brick Lane"]),
    b("Waltham Forest", "JC", 51.5908, -0.0134, &[("E17", "Walthamstow"), ("E10", "Leyton"), ("E11", "Leytonstone"), ("E4", "Chingford")], &["Hoe Street", "High Road Leyton", "Lea Bridge Road", "Forest Road", "Chingford Mount Road"]),
    b("Wandsworth", "WW", 51.4567, -0.1910, &[("SW18", "Wandsworth"), ("SW11", "Battersea"), ("SW17", "Tooting"), ("SW15", "Putney"), ("SW12", "Balham")], &["Garratt Lane", "Upper Tooting Road", "Lavender Hill", "Putney High Street", "York Road", "Falcon Road"]),
    b("Westminster", "CW", 51.4975, -0.1357, &[("W1D", "Soho"), ("W2", "Paddington"), ("SW1V", "Pimlico"), ("NW8", "St John's Wood"), ("W9", "Maida Vale"), ("W1U", "Marylebone")], &["Edgware Road", "Harrow Road", "Oxford Street", "Church Street", "Warwick Way", "Old Compton Street"]),
];

/// Relative resident populations (thousands), index-aligned with BOROUGHS_DATA.
#[rustfmt::skip]
pub(crate) const BOROUGH_POPULATION: [u32; 33] = [
    220, 390, 250, 340, 330, 210, 9, 390, 370, 330, 290, 260, 185, 265, 260, 260, 305, 290, 215, 145, 170, 320,
    300, 215, 350, 310, 195, 310, 210, 310, 280, 330, 205,
];

#[rustfmt::skip]
const STREET_NAMES: [&str; 60] = [
    "Albert", "Victoria", "Queen's", "Kingsley", "Church", "Park", "Station", "Mill", "Elm", "Oak", "Beech",
    "Cedar", "Chestnut", "Willow", "Manor", "Grange", "Clarence", "Stanley", "Gladstone", "Palmerston",
    "Nelson", "Wellington", "Cromwell", "Milton", "Shakespeare", "Tennyson", "Chaucer", "Dickens", "Granville",
    "Russell", "Cavendish", "Windsor", "Warwick", "Devonshire", "Somerset", "Cambridge", "Holly", "Laburnum",
    "Hawthorn", "Sycamore", "Maple", "Rosebery", "Salisbury", "Lansdowne", "Brunswick", "Montague",
    "Sandringham", "Fairfield", "Springfield", "Highfield", "Meadow", "Orchard", "Brook", "Chapel", "School",
    "Market", "Canal", "Vicarage", "St John's", "Trinity",
];

const STREET_KINDS: [&str; 10] =
    ["Road", "Street", "Avenue", "Close", "Gardens", "Grove", "Lane", "Way", "Crescent", "Terrace"];

const BLOCK_KINDS: [&str; 4] = ["House", "Court", "Tower", "Point"];

/// Letters used in the inward part of a postcode (no C, I, K, M, O, V).
const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// A street in the borough: one of its real high roads, or a plausible side street.
pub(crate) fn street(rng: &mut impl Rng, borough: &Borough) -> String {
    if chance(rng, 0.35) {
        (*one(rng, borough.streets)).to_string()
    } else {
        format!("{} {}", one(rng, &STREET_NAMES), one(rng, &STREET_KINDS))
    }
}

/// A full postcode in one of the borough's districts, already normalised.
pub(crate) fn postcode(rng: &mut impl Rng, district: &str) -> String {
    let a = INWARD_LETTERS[rng.gen_range(0..INWARD_LETTERS.len())] as char;
    let c = INWARD_LETTERS[rng.gen_range(0..INWARD_LETTERS.len())] as char;
    format!("{district} {}{a}{c}", rng.gen_range(1..10))
}

/// A home address: house or flat, street, locality, London, postcode.
pub(crate) fn home_address(rng: &mut impl Rng, borough: &Borough) -> Address {
    let (district, locality) = *one(rng, borough.districts);
    let street = street(rng, borough);
    let mut lines = Vec::with_capacity(4);
    if chance(rng, 0.35) {
        let block = format!("{} {}", one(rng, &STREET_NAMES), one(rng, &BLOCK_KINDS));
        lines.push(format!("Flat {}, {block}", rng.gen_range(1..120)));
        lines.push(street);
    } else if chance(rng, 0.2) {
        lines.push(format!("Flat {}", one(rng, &["A", "B", "C", "1", "2", "3"])));
        lines.push(format!("{} {street}", rng.gen_range(1..240)));
    } else {
        lines.push(format!("{} {street}", rng.gen_range(1..240)));
    }
    lines.push(locality.to_string());
    lines.push("London".to_string());
    Address {
        lines,
        postcode: postcode(rng, district),
        borough: Some(borough.name.to_string()),
        lat: Some(round6(borough.lat + rng.gen_range(-0.018..0.018))),
        lon: Some(round6(borough.lon + rng.gen_range(-0.025..0.025))),
    }
}

/// A street location for where something happened, without a house number.
pub(crate) fn scene_address(rng: &mut impl Rng, borough: &Borough) -> Address {
    let (district, locality) = *one(rng, borough.districts);
    Address {
        lines: vec![street(rng, borough), locality.to_string(), "London".to_string()],
        postcode: postcode(rng, district),
        borough: Some(borough.name.to_string()),
        lat: Some(round6(borough.lat + rng.gen_range(-0.018..0.018))),
        lon: Some(round6(borough.lon + rng.gen_range(-0.025..0.025))),
    }
}

fn round6(v: f64) -> f64 {
    (v * 1_000_000.0).round() / 1_000_000.0
}

/// A custody suite: code (in custody record numbers), name, address, borough.
pub(crate) struct SuiteData {
    pub code: &'static str,
    pub name: &'static str,
    pub street: &'static str,
    pub postcode: &'static str,
    pub borough: usize,
    pub cells: u32,
}

const fn s(
    code: &'static str,
    name: &'static str,
    street: &'static str,
    postcode: &'static str,
    borough: usize,
    cells: u32,
) -> SuiteData {
    SuiteData { code, name, street, postcode, borough, cells }
}

#[rustfmt::skip]
pub(crate) const SUITES: [SuiteData; 20] = [
    s("BX", "Brixton Custody Suite", "367 Brixton Road", "SW9 7DD", 21, 30),
    s("LW", "Lewisham Custody Suite", "43 Lewisham High Street", "SE13 5JZ", 22, 40),
    s("CD", "Croydon Custody Suite", "71 Park Lane", "CR0 1JG", 7, 35),
    s("WM", "Wembley Custody Suite", "603 Harrow Road", "HA0 2HH", 3, 36),
    s("CO", "Colindale Custody Suite", "Grahame Park Way", "NW9 5TW", 1, 30),
    s("IS", "Islington Custody Suite", "2 Tolpuddle Street", "N1 0YY", 18, 24),
    s("SN", "Stoke Newington Custody Suite", "33 Stoke Newington High Street", "N16 8DS", 11, 24),
    s("LY", "Leyton Custody Suite", "215 Francis Road", "E10 6NJ", 30, 30),
    s("BG", "Bethnal Green Custody Suite", "12 Victoria Park Square", "E2 9NZ", 29, 24),
    s("FG", "Forest Gate Custody Suite", "350 Romford Road", "E7 8BS", 24, 28),
    s("CX", "Charing Cross Custody Suite", "Agar Street", "WC2N 4JP", 32, 30),
    s("BR", "Bromley Custody Suite", "High Street", "BR1 1ER", 4, 20),
    s("SU", "Sutton Custody Suite", "6 Carshalton Road", "SM1 4RF", 28, 20),
    s("KT", "Kingston Custody Suite", "5 High Street", "KT1 1LB", 20, 16),
    s("HS", "Hammersmith Custody Suite", "226 Shepherd's Bush Road", "W6 7NX", 12, 20),
    s("LH", "Lavender Hill Custody Suite", "176 Lavender Hill", "SW11 1JU", 31, 20),
    s("UX", "Uxbridge Custody Suite", "1 Warwick Place", "UB8 1PG", 16, 20),
    s("IL", "Ilford Custody Suite", "270 High Road", "IG1 1QG", 25, 24),
    s("PL", "Plumstead Custody Suite", "200 Plumstead High Street", "SE18 1JY", 10, 24),
    s("WG", "Wood Green Custody Suite", "347 High Road", "N22 8JA", 13, 28),
];

pub(crate) struct CourtData {
    pub name: &'static str,
    pub crown: bool,
    pub street: &'static str,
    pub postcode: &'static str,
    pub borough: usize,
}

const fn c(name: &'static str, crown: bool, street: &'static str, postcode: &'static str, borough: usize) -> CourtData {
    CourtData { name, crown, street, postcode, borough }
}

#[rustfmt::skip]
pub(crate) const COURTS: [CourtData; 23] = [
    c("Westminster Magistrates' Court", false, "181 Marylebone Road", "NW1 5BR", 32),
    c("Highbury Corner Magistrates' Court", false, "51 Holloway Road", "N7 8JA", 18),
    c("Thames Magistrates' Court", false, "58 Bow Road", "E3 4DJ", 29),
    c("Stratford Magistrates' Court", false, "389 High Street", "E15 4SB", 24),
    c("Camberwell Green Magistrates' Court", false, "15 D'Eynsford Road", "SE5 7UP", 27),
    c("Bromley Magistrates' Court", false, "1 London Road", "BR1 1RA", 4),
    c("Croydon Magistrates' Court", false, "Barclay Road", "CR9 3NG", 7),
    c("Willesden Magistrates' Court", false, "448 High Road", "NW10 2DZ", 3),
    c("Uxbridge Magistrates' Court", false, "Harefield Road", "UB8 1PQ", 16),
    c("Wimbledon Magistrates' Court", false, "Alexandra Road", "SW19 7JP", 23),
    c("Bexley Magistrates' Court", false, "Norwich Place", "DA6 7ND", 2),
    c("Hendon Magistrates' Court", false, "The Hyde", "NW9 7BY", 1),
    c("Lavender Hill Magistrates' Court", false, "176A Lavender Hill", "SW11 1JU", 31),
    c("Central Criminal Court", true, "Old Bailey", "EC4M 7EH", 6),
    c("Southwark Crown Court", true, "1 English Grounds", "SE1 2HU", 27),
    c("Snaresbrook Crown Court", true, "75 Hollybush Hill", "E11 1QW", 25),
    c("Wood Green Crown Court", true, "Lordship Lane", "N22 5LF", 13),
    c("Inner London Crown Court", true, "Newington Causeway", "SE1 6AZ", 27),
    c("Isleworth Crown Court", true, "36 Ridgeway Road", "TW7 5LP", 17),
    c("Woolwich Crown Court", true, "2 Belmarsh Road", "SE28 0EY", 10),
    c("Kingston Crown Court", true, "6 Penrhyn Road", "KT1 2BB", 20),
    c("Croydon Crown Court", true, "Altyre Road", "CR9 5AB", 7),
    c("Harrow Crown Court", true, "Hailsham Drive", "HA1 4TU", 14),
];

/// The magistrates' courts (first hearings, bench warrants for summary matters).
pub(crate) fn magistrates() -> impl Iterator<Item = &'static CourtData> {
    COURTS.iter().filter(|c| !c.crown)
}

/// The Crown Court centres (trials on indictment).
pub(crate) fn crown_courts() -> impl Iterator<Item = &'static CourtData> {
    COURTS.iter().filter(|c| c.crown)
}

/// An address for a fixed site (suite or court) in its borough.
pub(crate) fn site_address(street: &str, postcode: &str, borough: usize) -> Address {
    let data = &BOROUGHS_DATA[borough];
    Address {
        lines: vec![street.to_string(), "London".to_string()],
        postcode: postcode.to_string(),
        borough: Some(data.name.to_string()),
        lat: Some(data.lat),
        lon: Some(data.lon),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::boroughs::BOROUGHS;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn every_borough_is_canonical_and_in_order() {
        for (data, name) in BOROUGHS_DATA.iter().zip(BOROUGHS) {
            assert_eq!(data.name, name);
            assert_eq!(data.unit.len(), 2);
        }
    }

    #[test]
    fn addresses_validate_unchanged() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for borough in &BOROUGHS_DATA {
            for _ in 0..20 {
                let a = home_address(&mut rng, borough);
                let mut checked = a.clone();
                checked.validate().unwrap();
                assert_eq!(checked, a);
            }
        }
        for suite in &SUITES {
            let mut a = site_address(suite.street, suite.postcode, suite.borough);
            let before = a.clone();
            a.validate().unwrap();
            assert_eq!(a, before);
        }
        for court in &COURTS {
            let mut a = site_address(court.street, court.postcode, court.borough);
            a.validate().unwrap();
        }
    }

    #[test]
    fn lambeth_postcodes_are_lambeth_districts() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let lambeth = &BOROUGHS_DATA[21];
        assert_eq!(lambeth.name, "Lambeth");
        for _ in 0..50 {
            let a = home_address(&mut rng, lambeth);
            let district = a.postcode.split(' ').next().unwrap();
            assert!(["SW2", "SW9", "SE11", "SW16", "SE27", "SW8"].contains(&district), "{district}");
        }
    }
}
