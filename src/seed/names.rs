//! Names of a diverse London, by origin and sex, weighted so the common ones
//! are common, and the variants real records carry: nicknames, other
//! spellings of the same name, and typing slips.

use rand::Rng;

use crate::domain::person::Sex;

use super::pick::{one, weighted, Weighted};

/// A naming tradition: its share of the population, the self-defined
/// ethnicity codes its people tend to give, and its names, commonest first.
pub(crate) struct Origin {
    pub share: u32,
    pub ethnicity: &'static [(&'static str, u32)],
    pub male: &'static [&'static str],
    pub female: &'static [&'static str],
    pub surnames: &'static [&'static str],
    /// Surnames take a feminine form (Kowalski → Kowalska).
    pub feminine_ska: bool,
}

#[rustfmt::skip]
pub(crate) const ORIGINS: [Origin; 17] = [
    // English
    Origin {
        share: 330,
        ethnicity: &[("W1", 88), ("M1", 3), ("M3", 2), ("M9", 1), ("NS", 6)],
        male: &["David", "John", "Michael", "James", "Paul", "Mark", "Daniel", "Thomas", "Christopher", "Robert", "Richard", "Matthew", "Andrew", "Stephen", "Peter", "William", "Jack", "Harry", "George", "Charlie", "Joseph", "Samuel", "Benjamin", "Ryan", "Liam", "Connor", "Lewis", "Jamie", "Adam", "Luke", "Scott", "Craig", "Lee", "Dean", "Wayne", "Gary", "Kevin", "Anthony", "Steven", "Edward", "Alexander", "Nicholas", "Jonathan", "Simon", "Alfie", "Oliver", "Kieran", "Jordan", "Tyler", "Callum"],
        female: &["Sarah", "Emma", "Laura", "Rebecca", "Jessica", "Charlotte", "Hannah", "Amy", "Lauren", "Sophie", "Emily", "Chloe", "Lucy", "Claire", "Michelle", "Nicola", "Samantha", "Kelly", "Lisa", "Karen", "Susan", "Elizabeth", "Margaret", "Patricia", "Jennifer", "Katherine", "Victoria", "Amelia", "Olivia", "Isla", "Ruby", "Grace", "Jade", "Leanne", "Stacey", "Gemma", "Danielle", "Natalie", "Joanne", "Tracey", "Deborah", "Julie", "Helen", "Rachel", "Zoe", "Megan", "Holly", "Paige", "Shannon", "Jodie"],
        surnames: &["Smith", "Jones", "Williams", "Brown", "Taylor", "Johnson", "Wilson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Harris", "Lewis", "Cooper", "King", "Baker", "Turner", "Hill", "Moore", "Ward", "Clark", "Allen", "Martin", "Edwards", "Hughes", "Lee", "Harrison", "Scott", "Young", "Morris", "Parker", "Mitchell", "Carter", "Phillips", "Bennett", "Cook", "Shaw", "Chapman", "Ellis", "Mason", "Webb", "Fisher", "Barker", "Knight", "Marshall", "Palmer", "Hunt", "Holmes", "Stevens", "Watson", "Bailey", "Collins", "Bell", "Fletcher", "Butler", "Lloyd", "Price"],
        feminine_ska: false,
    },
    // Irish
    Origin {
        share: 30,
        ethnicity: &[("W2", 85), ("W1", 10), ("NS", 5)],
        male: &["Sean", "Patrick", "Michael", "John", "Liam", "Ciaran", "Declan", "Conor", "Kevin", "Brendan", "Eoin", "Niall", "Padraig", "Cian", "Darragh", "Aidan", "Fergal", "Donal", "Seamus", "Oisin"],
        female: &["Mary", "Siobhan", "Aoife", "Niamh", "Ciara", "Roisin", "Sinead", "Orla", "Bridget", "Catherine", "Aisling", "Grainne", "Maeve", "Deirdre", "Caoimhe", "Eileen"],
        surnames: &["Murphy", "Kelly", "O'Sullivan", "Walsh", "O'Brien", "Byrne", "Ryan", "O'Connor", "O'Neill", "Doyle", "McCarthy", "Gallagher", "Doherty", "Kennedy", "Lynch", "Murray", "Quinn", "McLaughlin", "Carroll", "Connolly", "Daly", "Brennan", "Fitzgerald", "Maguire", "Nolan", "Flynn", "Reilly", "Dunne", "Keane"],
        feminine_ska: false,
    },
    // Scottish
    Origin {
        share: 20,
        ethnicity: &[("W1", 95), ("NS", 5)],
        male: &["Alasdair", "Angus", "Callum", "Euan", "Fraser", "Hamish", "Iain", "Lachlan", "Ross", "Ruaridh", "Duncan", "Malcolm", "Gordon", "Stuart", "Kenneth", "Douglas"],
        female: &["Eilidh", "Isla", "Morag", "Kirsty", "Fiona", "Mhairi", "Catriona", "Ailsa", "Shona", "Iona", "Heather", "Elspeth"],
        surnames: &["Campbell", "MacDonald", "Stewart", "Robertson", "Thomson", "Anderson", "Reid", "Murray", "Ross", "Paterson", "Fraser", "McKenzie", "Graham", "Henderson", "Cameron", "Duncan", "Ferguson", "Hamilton", "MacLeod", "Sinclair", "Buchanan", "Kerr"],
        feminine_ska: false,
    },
    // Welsh
    Origin {
        share: 15,
        ethnicity: &[("W1", 95), ("NS", 5)],
        male: &["Rhys", "Dafydd", "Gareth", "Owain", "Emyr", "Huw", "Iwan", "Aled", "Geraint", "Gethin", "Dylan", "Ieuan"],
        female: &["Carys", "Cerys", "Rhiannon", "Ffion", "Seren", "Bethan", "Nia", "Angharad", "Sian", "Megan", "Gwen", "Eleri"],
        surnames: &["Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Morgan", "Griffiths", "Owen", "Rees", "Jenkins", "Price", "Lloyd", "Powell", "Pritchard", "Vaughan", "Bowen", "Llewellyn"],
        feminine_ska: false,
    },
    // Caribbean
    Origin {
        share: 55,
        ethnicity: &[("B1", 75), ("M1", 15), ("B9", 3), ("NS", 7)],
        male: &["Marcus", "Andre", "Jermaine", "Tyrone", "Leon", "Dwayne", "Delroy", "Winston", "Errol", "Clive", "Devon", "Kemar", "Shane", "Jerome", "Nathaniel", "Trevor", "Desmond", "Courtney", "Junior", "Rohan", "Kareem", "Tremaine", "Ashley", "Leroy"],
        female: &["Shanice", "Keisha", "Tanisha", "Monique", "Simone", "Marcia", "Paulette", "Beverley", "Jacqueline", "Sharon", "Yvonne", "Chantelle", "Tiana", "Aaliyah", "Kerry-Ann", "Shantelle", "Natasha", "Jasmine", "Precious", "Janelle"],
        surnames: &["Campbell", "Brown", "Williams", "Francis", "Thomas", "Edwards", "Grant", "Clarke", "Johnson", "Morgan", "Bailey", "Reid", "Henry", "Lewis", "Richards", "Gordon", "Spencer", "Dixon", "McKenzie", "Samuels", "Forbes", "Powell", "Bennett", "Graham", "Wright", "Barrett", "Morrison", "Phillips", "Walters", "Gayle"],
        feminine_ska: false,
    },
    // West African
    Origin {
        share: 65,
        ethnicity: &[("B2", 88), ("M2", 5), ("B9", 2), ("NS", 5)],
        male: &["Oluwaseun", "Olumide", "Adebayo", "Chukwuemeka", "Emeka", "Chinedu", "Obinna", "Tunde", "Femi", "Kwame", "Kofi", "Kwaku", "Yaw", "Kojo", "Ifeanyi", "Babajide", "Segun", "Tobi", "Daniel", "Samuel", "Joshua", "David", "Emmanuel", "Michael", "Godwin", "Ikenna"],
        female: &["Adaeze", "Chiamaka", "Ngozi", "Folake", "Funmilayo", "Yetunde", "Abimbola", "Temitope", "Blessing", "Grace", "Precious", "Akosua", "Ama", "Abena", "Adwoa", "Efua", "Chioma", "Nneka", "Oluwatoyin", "Esther", "Deborah", "Comfort"],
        surnames: &["Adeyemi", "Okafor", "Okonkwo", "Adebayo", "Oluwole", "Mensah", "Owusu", "Boateng", "Asante", "Osei", "Ogunleye", "Nwosu", "Eze", "Obi", "Adeleke", "Afolabi", "Bello", "Danso", "Appiah", "Okoro", "Ogunbiyi", "Akinola", "Agyeman", "Opoku", "Nwachukwu", "Chukwu", "Balogun", "Ibrahim", "Sesay", "Kamara", "Conteh"],
        feminine_ska: false,
    },
    // Somali
    Origin {
        share: 20,
        ethnicity: &[("B2", 85), ("B9", 10), ("NS", 5)],
        male: &["Mohamed", "Abdi", "Abdullahi", "Ahmed", "Ali", "Hassan", "Omar", "Yusuf", "Abdirahman", "Mohamud", "Ibrahim", "Ismail", "Liban", "Hamza", "Abdikadir", "Farah"],
        female: &["Fadumo", "Hodan", "Amina", "Sahra", "Hawa", "Khadra", "Asha", "Ubah", "Ifrah", "Nimo", "Sagal", "Hibo", "Deeqa", "Ayan"],
        surnames: &["Mohamed", "Ahmed", "Ali", "Hassan", "Abdi", "Farah", "Hussein", "Osman", "Jama", "Warsame", "Aden", "Omar", "Yusuf", "Mohamud", "Ismail", "Egal", "Nur", "Duale", "Elmi", "Abdullahi"],
        feminine_ska: false,
    },
    // Indian
    Origin {
        share: 70,
        ethnicity: &[("A1", 92), ("M3", 3), ("NS", 5)],
        male: &["Rahul", "Amit", "Sanjay", "Rajesh", "Vijay", "Arjun", "Rohan", "Nikhil", "Vikram", "Anil", "Sunil", "Ravi", "Harpreet", "Gurpreet", "Jaswinder", "Manpreet", "Sukhdev", "Kiran", "Deepak", "Pranav", "Aarav", "Krishna", "Ashok", "Jatinder", "Kuldip"],
        female: &["Priya", "Anjali", "Sunita", "Neha", "Pooja", "Kavita", "Deepa", "Meera", "Asha", "Sonia", "Rupinder", "Harjit", "Simran", "Jasleen", "Parminder", "Nisha", "Anita", "Lakshmi", "Divya", "Shreya", "Kamaljit", "Rani"],
        surnames: &["Patel", "Shah", "Singh", "Sharma", "Kaur", "Mistry", "Kumar", "Gill", "Sandhu", "Dhillon", "Bains", "Sidhu", "Gupta", "Mehta", "Desai", "Joshi", "Parmar", "Chauhan", "Solanki", "Thakkar", "Rai", "Bhatt", "Chopra", "Kapoor", "Reddy", "Nair", "Pillai", "Verma", "Malhotra", "Grewal"],
        feminine_ska: false,
    },
    // Pakistani
    Origin {
        share: 40,
        ethnicity: &[("A2", 92), ("NS", 8)],
        male: &["Mohammed", "Muhammad", "Imran", "Asif", "Tariq", "Bilal", "Usman", "Zubair", "Kamran", "Faisal", "Adnan", "Shahid", "Waqas", "Zain", "Hamza", "Ali", "Naveed", "Irfan", "Sajid", "Nadeem", "Amir", "Yasir", "Arshad", "Rizwan"],
        female: &["Ayesha", "Fatima", "Sana", "Nadia", "Saima", "Rabia", "Zainab", "Hina", "Amna", "Mehwish", "Sadia", "Shazia", "Nasreen", "Farzana", "Bushra", "Iqra", "Maryam", "Samina"],
        surnames: &["Khan", "Ahmed", "Hussain", "Ali", "Akhtar", "Iqbal", "Mahmood", "Butt", "Malik", "Shah", "Rehman", "Qureshi", "Raza", "Riaz", "Aslam", "Anwar", "Bashir", "Mirza", "Chaudhry", "Javed", "Saleem", "Nawaz", "Sheikh", "Ashraf"],
        feminine_ska: false,
    },
    // Bangladeshi
    Origin {
        share: 40,
        ethnicity: &[("A3", 92), ("NS", 8)],
        male: &["Mohammed", "Abdul", "Shahid", "Mizanur", "Rahim", "Jamal", "Kamal", "Rashid", "Anwar", "Shafiq", "Habibur", "Ruhul", "Saiful", "Jahangir", "Rubel", "Sohel", "Ahad", "Ayaan", "Tanvir", "Ashik"],
        female: &["Nazma", "Rehana", "Shirin", "Taslima", "Ruksana", "Jasmin", "Shamima", "Nasima", "Sultana", "Fahmida", "Tahmina", "Sumaiya", "Rumana", "Halima"],
        surnames: &["Begum", "Miah", "Uddin", "Rahman", "Ahmed", "Islam", "Hussain", "Khatun", "Chowdhury", "Hoque", "Ali", "Khan", "Alam", "Hossain", "Sarkar", "Bibi", "Karim", "Mahmud", "Haque", "Ullah"],
        feminine_ska: false,
    },
    // Turkish and Turkish Cypriot
    Origin {
        share: 20,
        ethnicity: &[("W9", 60), ("O9", 30), ("NS", 10)],
        male: &["Mehmet", "Mustafa", "Ahmet", "Ali", "Hasan", "Huseyin", "Ibrahim", "Murat", "Emre", "Burak", "Serkan", "Kemal", "Osman", "Erkan", "Cem", "Onur", "Volkan", "Yusuf"],
        female: &["Ayse", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Merve", "Ozlem", "Derya", "Sibel", "Gulsen", "Esra", "Melek", "Selin"],
        surnames: &["Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Yildiz", "Ozturk", "Aydin", "Arslan", "Dogan", "Kilic", "Aslan", "Cetin", "Koc", "Kurt", "Ozdemir", "Erdogan", "Polat"],
        feminine_ska: false,
    },
    // Polish
    Origin {
        share: 30,
        ethnicity: &[("W9", 95), ("NS", 5)],
        male: &["Piotr", "Krzysztof", "Tomasz", "Pawel", "Michal", "Marcin", "Lukasz", "Jakub", "Kamil", "Mateusz", "Adam", "Grzegorz", "Wojciech", "Marek", "Dariusz", "Rafal", "Bartosz", "Sebastian", "Aleksander"],
        female: &["Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Monika", "Aleksandra", "Ewa", "Malgorzata", "Natalia", "Karolina", "Justyna", "Paulina", "Marta", "Zofia", "Beata"],
        surnames: &["Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kowalczyk", "Kaminski", "Lewandowski", "Zielinski", "Szymanski", "Wozniak", "Dabrowski", "Kozlowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Pawlak", "Michalski", "Wrobel", "Nowicki"],
        feminine_ska: true,
    },
    // Romanian
    Origin {
        share: 25,
        ethnicity: &[("W9", 95), ("NS", 5)],
        male: &["Andrei", "Alexandru", "Ionut", "Florin", "Mihai", "Gheorghe", "Ion", "Constantin", "Marius", "Cristian", "Adrian", "Bogdan", "Stefan", "Vasile", "Daniel", "Catalin", "Razvan", "Ovidiu"],
        female: &["Maria", "Elena", "Ioana", "Andreea", "Mihaela", "Alexandra", "Gabriela", "Cristina", "Florentina", "Roxana", "Daniela", "Simona", "Larisa", "Georgiana"],
        surnames: &["Popescu", "Ionescu", "Popa", "Pop", "Radu", "Dumitru", "Stan", "Stoica", "Gheorghe", "Matei", "Ciobanu", "Rusu", "Munteanu", "Constantin", "Lungu", "Marin", "Tudor", "Florea", "Moldovan", "Dinu"],
        feminine_ska: false,
    },
    // Portuguese and Brazilian
    Origin {
        share: 15,
        ethnicity: &[("W9", 80), ("O9", 10), ("NS", 10)],
        male: &["Joao", "Pedro", "Tiago", "Ricardo", "Rui", "Nuno", "Miguel", "Luis", "Carlos", "Bruno", "Andre", "Paulo", "Diogo", "Fernando", "Jose"],
        female: &["Ana", "Maria", "Sofia", "Ines", "Beatriz", "Joana", "Catarina", "Mariana", "Rita", "Filipa", "Sara", "Patricia", "Claudia"],
        surnames: &["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa", "Fernandes", "Goncalves", "Gomes", "Lopes", "Marques", "Alves", "Almeida", "Ribeiro", "Pinto", "Carvalho", "Teixeira", "Da Silva", "Dos Santos"],
        feminine_ska: false,
    },
    // Chinese
    Origin {
        share: 18,
        ethnicity: &[("O1", 90), ("M3", 3), ("NS", 7)],
        male: &["Wei", "Jun", "Hao", "Ming", "Jian", "Lei", "Tao", "Yong", "Kevin", "Jason", "Eric", "Kwok", "Chi", "Bo"],
        female: &["Mei", "Li", "Xiu", "Ying", "Hui", "Jing", "Yan", "Fang", "Lin", "Grace", "Jenny", "Wing"],
        surnames: &["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Chan", "Wong", "Leung", "Lam", "Cheung", "Ho", "Ng", "Lau", "Tang"],
        feminine_ska: false,
    },
    // Vietnamese
    Origin {
        share: 8,
        ethnicity: &[("A9", 80), ("O9", 10), ("NS", 10)],
        male: &["Minh", "Tuan", "Duc", "Hung", "Thanh", "Quang", "Long", "Nam", "Huy", "Hieu", "Van"],
        female: &["Linh", "Lan", "Huong", "Mai", "Thu", "Trang", "Ngoc", "Phuong", "Hoa", "Thao"],
        surnames: &["Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do", "Ngo", "Duong", "Ly"],
        feminine_ska: false,
    },
    // Arabic
    Origin {
        share: 25,
        ethnicity: &[("O9", 85), ("A9", 5), ("NS", 10)],
        male: &["Mohammed", "Ahmed", "Omar", "Khalid", "Youssef", "Karim", "Ali", "Hassan", "Hussein", "Tariq", "Mahmoud", "Sami", "Ibrahim", "Walid", "Nabil", "Rami", "Bilal", "Samir", "Adel", "Ziad"],
        female: &["Fatima", "Aisha", "Mariam", "Layla", "Nour", "Rania", "Yasmin", "Huda", "Amal", "Salma", "Sara", "Dina", "Hanan", "Leila", "Noura"],
        surnames: &["Haddad", "Hassan", "Ibrahim", "Abdullah", "Mansour", "Saleh", "Nasser", "Khalil", "Aziz", "Hamdan", "Farouk", "Salem", "Othman", "Youssef", "El-Amin", "Mahmoud", "Suleiman", "Qasim", "Abbas", "Al-Rashid", "Al-Hashimi"],
        feminine_ska: false,
    },
];

/// Familiar forms people give or are known by.
const NICKNAMES: [(&str, &str); 40] = [
    ("Robert", "Bob"),
    ("William", "Bill"),
    ("Richard", "Rick"),
    ("James", "Jim"),
    ("Michael", "Mick"),
    ("Thomas", "Tom"),
    ("Christopher", "Chris"),
    ("Daniel", "Danny"),
    ("Anthony", "Tony"),
    ("Joseph", "Joe"),
    ("Edward", "Eddie"),
    ("Alexander", "Alex"),
    ("Jonathan", "Jon"),
    ("Nicholas", "Nick"),
    ("Matthew", "Matt"),
    ("Benjamin", "Ben"),
    ("Steven", "Steve"),
    ("Stephen", "Steve"),
    ("Samuel", "Sam"),
    ("Andrew", "Andy"),
    ("Margaret", "Maggie"),
    ("Elizabeth", "Liz"),
    ("Katherine", "Kate"),
    ("Jennifer", "Jen"),
    ("Patricia", "Pat"),
    ("Rebecca", "Becky"),
    ("Samantha", "Sam"),
    ("Victoria", "Vicky"),
    ("Deborah", "Debbie"),
    ("Susan", "Sue"),
    ("Oluwaseun", "Seun"),
    ("Olumide", "Mide"),
    ("Abdullahi", "Abdi"),
    ("Chukwuemeka", "Emeka"),
    ("Oluwatoyin", "Toyin"),
    ("Aleksander", "Olek"),
    ("Malgorzata", "Gosia"),
    ("Katarzyna", "Kasia"),
    ("Aleksandra", "Ola"),
    ("Mohammed", "Mo"),
];

/// Spellings of one name as different records give it.
const SPELLINGS: [&[&str]; 30] = [
    &["Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed"],
    &["Yusuf", "Yousef", "Yusef", "Youssef"],
    &["Ahmed", "Ahmad"],
    &["Hussain", "Hussein", "Husain", "Hossain"],
    &["Abdul", "Abdel"],
    &["Mustafa", "Mostafa"],
    &["Fatima", "Fatimah"],
    &["Aisha", "Ayesha", "Aysha"],
    &["Ibrahim", "Ebrahim"],
    &["Osman", "Usman", "Othman"],
    &["Hassan", "Hasan"],
    &["Rahman", "Rehman"],
    &["Chowdhury", "Choudhury", "Chaudhry"],
    &["Mahmood", "Mahmud", "Mahmoud"],
    &["Mohamud", "Mahamud", "Mohamoud"],
    &["Abdirahman", "Abdulrahman", "Abdurahman"],
    &["Abdullahi", "Abdullah"],
    &["Huseyin", "Hüseyin"],
    &["Ozturk", "Öztürk"],
    &["Malgorzata", "Małgorzata"],
    &["Wisniewski", "Wiśniewski"],
    &["Joao", "João"],
    &["Goncalves", "Gonçalves"],
    &["Chen", "Chan"],
    &["Zhang", "Cheung"],
    &["Liu", "Lau"],
    &["Begum", "Begun"],
    &["Miah", "Mia"],
    &["Sean", "Shaun", "Shawn"],
    &["Siobhan", "Shivaun"],
];

/// How concentrated the surnames are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NamePool {
    /// Like a real population's: each origin's listed surnames carry a third
    /// of its people, by rank, and a long tail of rarer surnames the rest.
    /// Two strangers share a surname about one time in 1,500, as the squared
    /// shares of the surnames of England and Wales give (ONS, "Surnames in
    /// England and Wales", 2002 National Health Service Central Register
    /// counts: Smith about 1.2% of people, the commonest 500 about a third).
    #[default]
    Realistic,
    /// Only the listed surnames, by rank: about one time in 200, several
    /// times a real population's rate (the generator before issue 23).
    Classic,
}

/// The share of an origin's people who carry one of its listed surnames
/// in a realistic pool.
const LISTED_SHARE: f64 = 0.33;

/// The weighted tables built once per generator.
pub(crate) struct Names {
    pool: NamePool,
    origin: Weighted,
    male: Vec<Weighted>,
    female: Vec<Weighted>,
    surnames: Vec<Weighted>,
    /// Per origin, the rarer surnames of a realistic pool.
    tails: Vec<Vec<String>>,
}

impl Names {
    pub(crate) fn new(pool: NamePool) -> Self {
        let tails = match pool {
            NamePool::Realistic => ORIGINS.iter().map(|o| tail(o.surnames)).collect(),
            NamePool::Classic => Vec::new(),
        };
        Self {
            pool,
            origin: Weighted::new(ORIGINS.iter().map(|o| f64::from(o.share))),
            male: ORIGINS.iter().map(|o| Weighted::zipf(o.male.len(), 6.0)).collect(),
            female: ORIGINS.iter().map(|o| Weighted::zipf(o.female.len(), 6.0)).collect(),
            surnames: ORIGINS.iter().map(|o| Weighted::zipf(o.surnames.len(), 8.0)).collect(),
            tails,
        }
    }

    pub(crate) fn origin(&self, rng: &mut impl Rng) -> usize {
        self.origin.pick(rng)
    }

    pub(crate) fn forename(&self, rng: &mut impl Rng, origin: usize, sex: Sex) -> &'static str {
        let o = &ORIGINS[origin];
        let female = match sex {
            Sex::Female => true,
            Sex::Male => false,
            Sex::Other | Sex::Unknown => rng.gen(),
        };
        if female {
            o.female[self.female[origin].pick(rng)]
        } else {
            o.male[self.male[origin].pick(rng)]
        }
    }

    /// A family name in its plain (masculine) form, without allocating.
    pub(crate) fn plain_surname(&self, rng: &mut impl Rng, origin: usize) -> &str {
        if self.pool == NamePool::Realistic && !rng.gen_bool(LISTED_SHARE) {
            let tail = &self.tails[origin];
            // Rarer names are rarer still toward the end of the tail.
            let x: f64 = rng.gen();
            return &tail[((x * x) * tail.len() as f64) as usize % tail.len()];
        }
        ORIGINS[origin].surnames[self.surnames[origin].pick(rng)]
    }

    /// A family name as the person of this sex would carry it.
    pub(crate) fn surname(&self, rng: &mut impl Rng, origin: usize, sex: Sex) -> String {
        let name = self.plain_surname(rng, origin);
        if ORIGINS[origin].feminine_ska && sex == Sex::Female {
            feminine(name)
        } else {
            name.to_string()
        }
    }

    pub(crate) fn ethnicity(&self, rng: &mut impl Rng, origin: usize) -> &'static str {
        weighted(rng, ORIGINS[origin].ethnicity)
    }
}

/// The rarer surnames of an origin, made from its listed ones: the front of
/// one name joined to the back of another (Fletcher and Barker give
/// Fletker), so they read like the origin's names and sound like none of
/// the listed ones. Every pair gives one, in a fixed order.
fn tail(listed: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<String> = listed.iter().map(|s| s.to_lowercase()).collect();
    for a in listed {
        for b in listed {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            if a == b || a.len() < 3 || b.len() < 3 {
                continue;
            }
            let front: String = a[..a.len().div_ceil(2)].iter().collect();
            let back: String = b[b.len() / 2..].iter().filter(|c| c.is_alphabetic()).collect();
            let name = format!("{front}{back}");
            if seen.insert(name.to_lowercase()) {
                names.push(name);
            }
        }
    }
    names
}

/// The feminine form of a Polish surname (Kowalski → Kowalska).
pub(crate) fn feminine(surname: &str) -> String {
    match surname.strip_suffix('i') {
        Some(stem) if stem.ends_with("sk") || stem.ends_with("ck") || stem.ends_with("dzk") => {
            format!("{stem}a")
        }
        _ => surname.to_string(),
    }
}

/// The familiar form of a forename, if it has one.
pub(crate) fn nickname(forename: &str) -> Option<&'static str> {
    NICKNAMES.iter().find(|(full, _)| *full == forename).map(|(_, nick)| *nick)
}

/// Another spelling of the same name, if records know one.
pub(crate) fn respelling(rng: &mut impl Rng, name: &str) -> Option<&'static str> {
    let group = SPELLINGS.iter().find(|g| g.contains(&name))?;
    let others: Vec<&'static str> = group.iter().copied().filter(|s| *s != name).collect();
    Some(*one(rng, &others))
}

/// The name with a typing slip: two letters swapped, one dropped or one doubled.
pub(crate) fn typo(rng: &mut impl Rng, name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() < 4 {
        chars.push(chars.last().copied().unwrap_or('e'));
        return chars.into_iter().collect();
    }
    // Never touch the first letter: slips happen mid-word.
    let i = rng.gen_range(1..chars.len() - 1);
    match rng.gen_range(0..3) {
        0 if chars[i] != chars[i + 1] => chars.swap(i, i + 1),
        1 => {
            chars.remove(i);
        }
        _ => chars.insert(i, chars[i]),
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn there_are_several_hundred_names() {
        let forenames: usize = ORIGINS.iter().map(|o| o.male.len() + o.female.len()).sum();
        let surnames: usize = ORIGINS.iter().map(|o| o.surnames.len()).sum();
        assert!(forenames > 500, "{forenames}");
        assert!(surnames > 350, "{surnames}");
    }

    #[test]
    fn common_surnames_are_common() {
        let names = Names::new(NamePool::Classic);
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut smith = 0;
        let mut rare = 0;
        for _ in 0..50_000 {
            let origin = names.origin(&mut rng);
            match names.surname(&mut rng, origin, Sex::Male).as_str() {
                "Smith" => smith += 1,
                "Teixeira" => rare += 1,
                _ => {}
            }
        }
        assert!(smith > 500 && smith > rare * 10, "smith {smith} rare {rare}");
    }

    /// The chance that two strangers share a surname, from `draws` persons.
    fn shared_surname_chance(pool: NamePool, draws: usize) -> f64 {
        let names = Names::new(pool);
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let mut counts: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
        for _ in 0..draws {
            let origin = names.origin(&mut rng);
            *counts.entry(names.surname(&mut rng, origin, Sex::Male)).or_default() += 1.0;
        }
        let n = draws as f64;
        counts.values().map(|c| c * (c - 1.0)).sum::<f64>() / (n * (n - 1.0))
    }

    #[test]
    fn strangers_share_a_surname_about_as_often_as_in_a_real_population() {
        let realistic = shared_surname_chance(NamePool::Realistic, 200_000);
        assert!((1.0 / 2_500.0..1.0 / 1_000.0).contains(&realistic), "one in {:.0}", 1.0 / realistic);
        let classic = shared_surname_chance(NamePool::Classic, 200_000);
        assert!(classic > 1.0 / 400.0, "one in {:.0}", 1.0 / classic);
    }

    #[test]
    fn variants_look_like_the_name() {
        let mut rng = ChaCha8Rng::seed_from_u64(6);
        assert_eq!(feminine("Kowalski"), "Kowalska");
        assert_eq!(feminine("Nowak"), "Nowak");
        assert_eq!(nickname("Robert"), Some("Bob"));
        assert_ne!(respelling(&mut rng, "Yusuf"), Some("Yusuf"));
        assert!(respelling(&mut rng, "Yusuf").is_some());
        for _ in 0..100 {
            let t = typo(&mut rng, "Williams");
            assert!(t.starts_with('W'));
            assert!((7..=9).contains(&t.chars().count()));
        }
        for o in &ORIGINS {
            let total: u32 = o.ethnicity.iter().map(|(_, w)| w).sum();
            assert!(total > 0);
            for (code, _) in o.ethnicity {
                assert!(crate::domain::person::ETHNICITY_CODES.contains(code));
            }
        }
    }
}
