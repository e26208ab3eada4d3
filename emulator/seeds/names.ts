// Shared name pools for the seeds. Strings are reused across users (no per-user copies).

export const FIRST_NAMES = [
  "Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah", "Isabella", "James", "Mia", "William",
  "Amelia", "Benjamin", "Harper", "Lucas", "Evelyn", "Henry", "Abigail", "Alexander", "Emily", "Mason", "Ella",
  "Michael", "Elizabeth", "Ethan", "Camila", "Daniel", "Luna", "Jacob", "Sofia", "Logan", "Avery", "Jackson",
  "Mila", "Levi", "Aria", "Sebastian", "Scarlett", "Mateo", "Penelope", "Jack", "Layla", "Owen", "Chloe",
  "Theodore", "Victoria", "Aiden", "Madison", "Samuel", "Eleanor", "Joseph", "Grace", "John", "Nora", "David",
  "Riley", "Wyatt", "Zoey", "Matthew", "Hannah", "Luke", "Hazel", "Asher", "Lily", "Carter", "Ellie", "Julian",
  "Violet", "Grayson", "Lillian", "Leo", "Zoe", "Jayden", "Stella", "Gabriel", "Aurora", "Isaac", "Natalie",
  "Lincoln", "Emilia", "Anthony", "Everly", "Hudson", "Leah", "Dylan", "Aubrey", "Ezra", "Willow", "Thomas",
  "Addison", "Charles", "Lucy", "Christopher", "Audrey", "Jaxon", "Bella", "Maverick", "Nova", "Josiah",
  "Brooklyn", "Isaiah", "Paisley", "Andrew", "Savannah", "Elias", "Claire", "Joshua", "Skylar", "Nathan",
  "Isla", "Caleb", "Genesis", "Ryan", "Naomi", "Adrian", "Elena", "Miles", "Caroline", "Eli", "Eliana", "Nolan",
  "Anna", "Christian", "Maya", "Aaron", "Valentina", "Cameron", "Ruby", "Ezekiel", "Kennedy", "Colton", "Ivy",
  "Luca", "Ariana", "Landon", "Aaliyah", "Hunter", "Cora", "Jonathan", "Madelyn", "Santiago", "Alice", "Axel",
  "Kinsley", "Easton", "Hailey", "Cooper", "Gabriella", "Jeremiah", "Allison", "Angel", "Gianna", "Roman",
  "Serenity", "Connor", "Samantha", "Jameson", "Sarah", "Robert", "Autumn", "Greyson", "Quinn", "Jordan",
  "Eva", "Ian", "Piper", "Carson", "Sophie", "Jaxson", "Sadie", "Léa", "Zoë", "José", "Siobhán", "Björn",
  "Priya", "Wei", "Hiroshi", "Aisha", "Mohammed", "Fatima", "Raj", "Ananya", "Chen", "Yuki", "Kwame", "Amara",
];

export const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
  "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
  "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson",
  "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans",
  "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales", "Murphy",
  "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey", "Reed", "Kelly", "Howard",
  "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray",
  "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross",
  "Foster", "Jimenez", "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler",
  "Henderson", "Barnes", "Gonzales", "Fisher", "Vasquez", "Simmons", "Romero", "Jordan", "Patterson",
  "Alexander", "Hamilton", "Graham", "Reynolds", "Griffin", "Wallace", "Moreno", "West", "Cole", "Hayes",
  "Bryant", "Herrera", "Gibson", "Ellis", "Tran", "Medina", "Aguilar", "Stevens", "Murray", "Ford", "Castro",
  "Marshall", "Owens", "Harrison", "Fernandez", "McDonald", "Woods", "Washington", "Kennedy", "Wells",
  "Vargas", "Henry", "Chen", "Freeman", "Webb", "Tucker", "Guzman", "Burns", "Crawford", "Olson", "Simpson",
  "Porter", "Hunter", "Gordon", "Mendez", "Silva", "Shaw", "Snyder", "Mason", "Dixon", "Muñoz", "O'Brien",
  "Nakamura", "Müller", "Okafor", "Kowalski", "Singh", "Haddad", "Larsen", "Dubois", "Rossi", "Novak",
];

export interface DepartmentSpec {
  name: string;
  /** Relative head count. */
  weight: number;
  titles: string[];
  headTitle: string;
  managerTitle: string;
  costCenter: string;
}

export const DEPARTMENTS: DepartmentSpec[] = [
  { name: "Engineering", weight: 22, titles: ["Software Engineer", "Senior Software Engineer", "QA Engineer", "DevOps Engineer", "Staff Engineer"], headTitle: "VP of Engineering", managerTitle: "Engineering Manager", costCenter: "CC-1100" },
  { name: "Sales", weight: 18, titles: ["Account Executive", "Sales Development Representative", "Solutions Consultant", "Account Manager"], headTitle: "VP of Sales", managerTitle: "Sales Manager", costCenter: "CC-1200" },
  { name: "Marketing", weight: 10, titles: ["Marketing Specialist", "Content Strategist", "Product Marketing Manager", "Graphic Designer"], headTitle: "Chief Marketing Officer", managerTitle: "Marketing Manager", costCenter: "CC-1300" },
  { name: "Finance", weight: 7, titles: ["Accountant", "Financial Analyst", "Payroll Specialist", "Controller"], headTitle: "Chief Financial Officer", managerTitle: "Finance Manager", costCenter: "CC-1400" },
  { name: "Human Resources", weight: 5, titles: ["HR Generalist", "Recruiter", "HR Business Partner"], headTitle: "VP of People", managerTitle: "HR Manager", costCenter: "CC-1500" },
  { name: "Customer Support", weight: 14, titles: ["Support Specialist", "Senior Support Specialist", "Support Engineer"], headTitle: "Director of Support", managerTitle: "Support Team Lead", costCenter: "CC-1600" },
  { name: "Operations", weight: 10, titles: ["Operations Analyst", "Facilities Coordinator", "Procurement Specialist"], headTitle: "COO", managerTitle: "Operations Manager", costCenter: "CC-1700" },
  { name: "IT", weight: 6, titles: ["Systems Administrator", "IT Support Technician", "Network Engineer", "Security Analyst"], headTitle: "Director of IT", managerTitle: "IT Manager", costCenter: "CC-1800" },
  { name: "Legal", weight: 3, titles: ["Counsel", "Paralegal", "Compliance Analyst"], headTitle: "General Counsel", managerTitle: "Legal Manager", costCenter: "CC-1900" },
];

export const CITIES = [
  { city: "San Francisco", state: "CA", countryCode: "US", timezone: "America/Los_Angeles", phone: "+1 415" },
  { city: "New York", state: "NY", countryCode: "US", timezone: "America/New_York", phone: "+1 212" },
  { city: "Chicago", state: "IL", countryCode: "US", timezone: "America/Chicago", phone: "+1 312" },
  { city: "Austin", state: "TX", countryCode: "US", timezone: "America/Chicago", phone: "+1 512" },
  { city: "Seattle", state: "WA", countryCode: "US", timezone: "America/Los_Angeles", phone: "+1 206" },
  { city: "London", state: null, countryCode: "GB", timezone: "Europe/London", phone: "+44 20" },
  { city: "Berlin", state: null, countryCode: "DE", timezone: "Europe/Berlin", phone: "+49 30" },
  { city: "Toronto", state: "ON", countryCode: "CA", timezone: "America/Toronto", phone: "+1 416" },
];

export const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
];
