"""What a generated organisation is made of: its departments and their sub-departments, locations,
levels and ladders, employment types, and the names people are given. Data only; the seeding in
seeding.py plans and writes an organisation from it."""

from dataclasses import dataclass

from .models import Employee

FT = Employee.EmploymentType


@dataclass(frozen=True)
class SubDepartmentSpec:
    name: str
    roles: tuple[str, ...] = ()  # empty: the parent department's roles
    teams: tuple[str, ...] = ()  # empty: the parent department's team names
    locations: tuple[tuple[str, int], ...] = ()  # empty: the organisation's cities


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    share: float  # of the headcount
    head_title: str  # for organisations of LARGE_ORG people or more; smaller ones get "Head of ..."
    head_level: str
    manager_title: str  # a first-line manager
    roles: tuple[str, ...]
    teams: tuple[str, ...]
    subs: tuple[SubDepartmentSpec, ...] = ()
    reports_to: str = ""  # the department whose head this head reports to; "" for the CEO
    engineering_ladder: bool = False


LARGE_ORG = 250
LOCATIONS = (
    ("Berlin", 24), ("London", 15), ("New York", 14), ("Lisbon", 10), ("Toronto", 8),
    ("São Paulo", 7), ("Singapore", 7), ("Sydney", 5), ("Remote", 10),
)  # fmt: skip
EMEA = (("London", 4), ("Berlin", 4), ("Lisbon", 2), ("Remote", 1))
AMERICAS = (("New York", 5), ("Toronto", 3), ("São Paulo", 2), ("Remote", 1))
APAC = (("Singapore", 3), ("Sydney", 2), ("Remote", 1))
LATAM = (("São Paulo", 4), ("Remote", 1))

# Order matters: a head who reports to another department's head comes after that department.
# fmt: off
DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(
        "Engineering", 0.30, "Chief Technology Officer", "C", "Engineering Manager",
        roles=("Software Engineer", "Backend Engineer", "Frontend Engineer", "Full-Stack Engineer"),
        teams=("Core Services", "Payments", "Search", "Accounts", "Integrations", "Notifications"),
        subs=(
            SubDepartmentSpec(
                "Platform",
                roles=("Platform Engineer", "Site Reliability Engineer", "Backend Engineer"),
                teams=("Developer Platform", "Reliability", "Cloud Infrastructure", "Observability",
                       "Build & Release", "Core Services"),
            ),
            SubDepartmentSpec(
                "Product Engineering",
                roles=("Software Engineer", "Frontend Engineer", "Backend Engineer", "Full-Stack Engineer"),
                teams=("Payments", "Onboarding", "Checkout", "Search", "Notifications", "Accounts", "Billing",
                       "Integrations", "Reporting", "Collaboration"),
            ),
            SubDepartmentSpec(
                "Data",
                roles=("Data Engineer", "Data Scientist", "Analytics Engineer", "Machine Learning Engineer"),
                teams=("Data Platform", "Analytics", "Machine Learning", "Experimentation"),
            ),
            SubDepartmentSpec(
                "Security",
                roles=("Security Engineer", "Application Security Engineer"),
                teams=("Application Security", "Security Operations", "Identity"),
            ),
            SubDepartmentSpec(
                "Mobile",
                roles=("iOS Engineer", "Android Engineer", "Mobile Engineer"),
                teams=("iOS", "Android", "Mobile Platform"),
            ),
            SubDepartmentSpec(
                "Quality Engineering",
                roles=("QA Engineer", "Test Automation Engineer"),
                teams=("Test Automation", "Release Quality"),
            ),
            SubDepartmentSpec(
                "Developer Experience",
                roles=("Software Engineer", "Developer Advocate"),
                teams=("Tooling", "Documentation", "Developer Relations"),
            ),
        ),
        engineering_ladder=True,
    ),
    DepartmentSpec(
        "Product", 0.06, "Chief Product Officer", "C", "Group Product Manager",
        roles=("Product Manager", "Technical Product Manager", "Product Analyst"),
        teams=("Core Experience", "Growth", "Monetisation", "Platform", "Enterprise", "Insights"),
        subs=(SubDepartmentSpec("Core Product"), SubDepartmentSpec("Growth"),
              SubDepartmentSpec("Platform Product"), SubDepartmentSpec("Product Operations")),
    ),
    DepartmentSpec(
        "Design", 0.04, "VP Design", "VP", "Design Manager",
        roles=("Product Designer", "UX Researcher", "UX Writer", "Visual Designer"),
        teams=("Product Design", "Design Systems", "Research", "Brand Studio"),
        subs=(SubDepartmentSpec("Product Design"), SubDepartmentSpec("User Research"),
              SubDepartmentSpec("Brand Design"), SubDepartmentSpec("Design Systems")),
        reports_to="Product",
    ),
    DepartmentSpec(
        "Sales", 0.16, "Chief Revenue Officer", "C", "Sales Manager",
        roles=("Account Executive", "Sales Development Representative", "Account Manager",
               "Solutions Engineer"),
        teams=("Enterprise", "Mid-Market", "SMB", "Strategic Accounts", "Public Sector", "Partnerships",
               "Renewals"),
        subs=(
            SubDepartmentSpec("Sales EMEA", locations=EMEA),
            SubDepartmentSpec("Sales North America", locations=AMERICAS),
            SubDepartmentSpec("Sales APAC", locations=APAC),
            SubDepartmentSpec("Sales Latin America", locations=LATAM),
            SubDepartmentSpec(
                "Sales Development",
                roles=("Sales Development Representative", "Business Development Representative"),
                teams=("Inbound", "Outbound"),
            ),
            SubDepartmentSpec(
                "Revenue Operations",
                roles=("Revenue Operations Analyst", "Sales Operations Analyst"),
                teams=("Sales Systems", "Deal Desk", "Forecasting"),
            ),
        ),
    ),
    DepartmentSpec(
        "Marketing", 0.07, "Chief Marketing Officer", "C", "Marketing Team Lead",
        roles=("Marketing Specialist", "Content Marketer", "Growth Marketer", "Product Marketer",
               "Marketing Analyst"),
        teams=("Content", "Demand Generation", "Lifecycle", "Brand", "Events", "Social", "SEO",
               "Partner Marketing"),
        subs=(SubDepartmentSpec("Brand & Communications"), SubDepartmentSpec("Growth Marketing"),
              SubDepartmentSpec("Product Marketing"), SubDepartmentSpec("Events")),
    ),
    DepartmentSpec(
        "Operations", 0.08, "Chief Operating Officer", "C", "Operations Manager",
        roles=("Operations Specialist", "IT Support Specialist", "Business Systems Analyst",
               "Workplace Coordinator"),
        teams=("IT Support", "Workplace", "Business Systems", "Strategy", "Vendor Management",
               "Internal Tools"),
        subs=(SubDepartmentSpec("IT"), SubDepartmentSpec("Workplace"), SubDepartmentSpec("Business Systems"),
              SubDepartmentSpec("Strategy & Planning")),
    ),
    DepartmentSpec(
        "Customer Support", 0.12, "VP Customer Support", "VP", "Support Team Lead",
        roles=("Customer Support Specialist", "Technical Support Engineer", "Customer Success Manager"),
        teams=("Tier 1", "Tier 2", "Escalations", "Onboarding", "Enterprise Support", "Billing Support"),
        subs=(
            SubDepartmentSpec("Support EMEA", locations=EMEA),
            SubDepartmentSpec("Support Americas", locations=AMERICAS),
            SubDepartmentSpec("Support APAC", locations=APAC),
            SubDepartmentSpec("Customer Success",
                              roles=("Customer Success Manager", "Onboarding Specialist")),
            SubDepartmentSpec("Support Operations",
                              roles=("Support Operations Analyst", "Knowledge Base Editor")),
        ),
        reports_to="Operations",
    ),
    DepartmentSpec(
        "People", 0.05, "Chief People Officer", "C", "People Team Lead",
        roles=("People Partner", "Recruiter", "People Operations Specialist", "Learning Specialist",
               "Total Rewards Analyst"),
        teams=("Recruiting", "People Operations", "Learning", "Total Rewards", "Employee Experience",
               "People Partners"),
        subs=(
            SubDepartmentSpec("Talent Acquisition", roles=("Recruiter", "Sourcer", "Recruiting Coordinator")),
            SubDepartmentSpec("People Operations"), SubDepartmentSpec("Learning & Development"),
            SubDepartmentSpec("Total Rewards"), SubDepartmentSpec("People Partners"),
        ),
    ),
    DepartmentSpec(
        "Finance", 0.05, "Chief Financial Officer", "C", "Finance Manager",
        roles=("Accountant", "Financial Analyst", "Payroll Specialist", "Accounts Payable Specialist"),
        teams=("Accounting", "FP&A", "Payroll", "Tax", "Treasury", "Procurement", "Revenue Accounting"),
        subs=(SubDepartmentSpec("Accounting"), SubDepartmentSpec("FP&A"), SubDepartmentSpec("Tax & Treasury"),
              SubDepartmentSpec("Procurement")),
    ),
    DepartmentSpec(
        "Legal", 0.02, "General Counsel", "C", "Legal Team Lead",
        roles=("Legal Counsel", "Paralegal", "Compliance Analyst", "Privacy Counsel"),
        teams=("Commercial", "Privacy", "Compliance", "Corporate", "Contracts"),
        subs=(SubDepartmentSpec("Commercial Legal"), SubDepartmentSpec("Privacy & Compliance"),
              SubDepartmentSpec("Corporate Legal"), SubDepartmentSpec("Employment Law")),
    ),
)
# fmt: on
EXECUTIVE_OFFICE = "Executive Office"
CHIEF_OF_STAFF_FROM = 300  # organisations this large get a chief of staff next to the CEO
MIN_DEPARTMENT = 2  # smaller departments are folded into the others

IC_LEVELS = ("IC1", "IC2", "IC3", "IC4", "IC5", "IC6")
IC_WEIGHTS = (14, 30, 30, 15, 8, 3)
ENGINEERING_LADDER = ("Junior", "", "Senior", "Staff", "Principal", "Distinguished")
BUSINESS_LADDER = ("Associate", "", "Senior", "Lead", "Principal", "Senior Principal")
EMPLOYMENT_TYPES = (
    (FT.FULL_TIME, 86), (FT.PART_TIME, 5), (FT.CONTRACTOR, 5), (FT.INTERN, 3), (FT.TEMPORARY, 1),
)  # fmt: skip
G = Employee.Gender
GENDERS = ((G.WOMAN, 47), (G.MAN, 47), (G.NON_BINARY, 3), (G.UNDISCLOSED, 3))
YOUNGEST_AT_LEVEL = {"IC1": 21, "IC2": 23, "IC3": 26, "IC4": 29, "IC5": 32, "IC6": 35,
                     "M1": 28, "M2": 31, "M3": 34, "M4": 37, "VP": 36, "C": 40}  # fmt: skip
FAIRNESS_DATA_SHARE = 0.85  # people who told us their gender / birth year

FEMALE_NAMES: tuple[str, ...] = (
    "Emma", "Olivia", "Sofia", "Amara", "Aisha", "Fatima", "Mei", "Yuki", "Priya", "Ananya", "Chloé", "Léa",
    "Ingrid", "Freya", "Maja", "Zofia", "Agnieszka", "Elena", "Lucía", "Valentina", "Camila", "Isabela",
    "Ana", "Mariana", "Nia", "Zanele", "Adaeze", "Chiamaka", "Amina", "Leila", "Yasmin", "Hana", "Sakura",
    "Ji-woo", "Min-seo", "Linh", "Siti", "Aroha", "Olga", "Anastasia", "Katarina", "Eva", "Hannah", "Sarah",
    "Rachel", "Grace", "Emily", "Charlotte", "Sophie", "Clara", "Greta", "Astrid", "Sigrid", "Aoife", "Niamh",
    "Meera", "Divya", "Kavya", "Ximena", "Paula", "Beatriz", "Inês", "Giulia", "Chiara", "Francesca", "Elif",
    "Zeynep", "Ayşe", "Dalia", "Rania", "Tamar", "Noa", "Shira", "Mariam", "Esi", "Abena", "Wanjiru",
    "Thandiwe", "Lerato", "Mia", "Lina", "Laura", "Julia", "Nadia", "Vera", "Irina", "Daria", "Xin", "Jing",
    "Aiko",
)  # fmt: skip
MALE_NAMES: tuple[str, ...] = (
    "Liam", "Noah", "Lucas", "Mateo", "Santiago", "Diego", "Carlos", "João", "Pedro", "Rafael", "Luca",
    "Marco", "Giovanni", "Matteo", "Pierre", "Louis", "Hugo", "Jonas", "Lukas", "Felix", "Maximilian", "Erik",
    "Lars", "Magnus", "Oskar", "Piotr", "Łukasz", "Tomasz", "Jakub", "Mikhail", "Dmitri", "Ivan", "Andrei",
    "Ahmed", "Omar", "Youssef", "Karim", "Hassan", "Ali", "Mehmet", "Emre", "Arjun", "Rohan", "Vikram",
    "Aditya", "Rahul", "Sanjay", "Wei", "Jun", "Hao", "Hiroshi", "Kenji", "Takumi", "Haruto", "Min-jun",
    "Seo-jun", "Minh", "Duc", "Kwame", "Kofi", "Chinedu", "Emeka", "Tunde", "Sipho", "Thabo", "Juma",
    "Tariq", "Yosef", "Daniel", "David", "James", "William", "Oliver", "Jack", "Samuel", "Thomas", "Benjamin",
    "Ethan", "Seán", "Connor", "Finn", "Ravi", "Imran", "Bilal", "Farid", "Nikolai", "Stefan", "Milan",
    "Luka", "Nikola", "Anton", "Björn",
)  # fmt: skip
NEUTRAL_NAMES: tuple[str, ...] = (
    "Alex", "Sam", "Jordan", "Taylor", "Robin", "Ari", "Sasha", "Quinn", "Jamie", "Charlie", "Rowan", "Avery",
    "Kai", "Eden", "Remy", "Noor", "Yu", "Nico",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Smith", "Jones", "Williams", "Brown", "Taylor", "Wilson", "Müller", "Schmidt", "Schneider", "Fischer",
    "Weber", "Becker", "Wagner", "Hoffmann", "Richter", "Klein", "Wolf", "Schulz", "Dubois", "Martin",
    "Bernard", "Moreau", "Laurent", "Lefebvre", "Girard", "Rossi", "Russo", "Bianchi", "Romano", "Colombo",
    "Ricci", "Esposito", "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez",
    "Pérez", "Gómez", "Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida", "Ferreira",
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Novák", "Horváth", "Nagy", "Ivanov", "Petrov",
    "Smirnov", "Popescu", "Ionescu", "Jensen", "Nielsen", "Hansen", "Andersen", "Johansson", "Andersson",
    "Karlsson", "Nilsson", "Larsen", "Berg", "Lindqvist", "Virtanen", "Korhonen", "de Vries", "van Dijk",
    "Janssen", "Bakker", "Visser", "Peeters", "Murphy", "O'Brien", "Kelly", "Byrne", "Walsh", "Yılmaz",
    "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Haddad", "Khoury", "Mansour", "Nasser", "Rahman", "Khan",
    "Hussain", "Malik", "Patel", "Sharma", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Menon", "Das",
    "Chatterjee", "Banerjee", "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
    "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Sato", "Kim", "Lee",
    "Park", "Choi", "Jung", "Kang", "Nguyen", "Tran", "Le", "Pham", "Hoang", "Reyes", "Cruz", "Bautista",
    "Mendoza", "Okafor", "Okonkwo", "Adeyemi", "Mensah", "Asante", "Boateng", "Mwangi", "Otieno", "Kamau",
    "Dlamini", "Nkosi", "Ndlovu", "Mokoena", "Abebe", "Tesfaye", "Cohen", "Levi", "Friedman", "Katz",
    "Goldberg", "Rosen", "Ramírez", "Torres", "Flores", "Rivera", "Morales", "Castillo", "Vargas", "Herrera",
    "Medina", "Ortiz", "Horvat", "Jovanović", "Petrović", "Papadopoulos", "Georgiou", "Thompson", "Robinson",
    "Walker", "Hughes", "Evans", "Campbell", "Stewart", "MacDonald", "Fraser", "Ng", "Tan", "Lim", "Wong",
    "Chan", "Øster", "Lindgren", "Sørensen",
)  # fmt: skip
