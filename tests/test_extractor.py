"""The extractor on a tiny in-test taxonomy with the shipped context rules."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.skills import extractor as extractor_module
from analysis.skills.batch import extract_counts, extract_frame
from analysis.skills.extractor import Extractor, Mention
from analysis.skills.rules import load_context_rules, parse_context_rules
from analysis.skills.skill_list import map_skill_list
from analysis.skills.taxonomy import Skill, Taxonomy, TaxonomyError

# (skill_id, name, aliases): just enough to exercise every rule and alias kind.
SKILLS = [
    ("r", "R", ""), ("c", "C", ""), ("cpp", "C++", "cplusplus"), ("csharp", "C#", ""), ("fsharp", "F#", ""),
    ("dotnet", ".NET", ".NET Core"), ("aspnet", "ASP.NET", ""), ("nodejs", "Node.js", "NodeJS|Node"),
    ("python", "Python", ""), ("go", "Go", "Golang"), ("swift", "Swift", ""), ("rust", "Rust", ""),
    ("julia", "Julia", ""), ("dart", "Dart", ""), ("flutter", "Flutter", ""),
    ("spark", "Apache Spark", "Spark | PySpark"), ("hadoop", "Hadoop", ""), ("scala", "Scala", ""),
    ("excel", "Excel", "MS Excel | Microsoft Excel"), ("access", "Microsoft Access", "Access | MS Access"),
    ("word", "Microsoft Word", "Word | MS Word"), ("powerpoint", "PowerPoint", ""),
    ("make", "GNU Make", "Make | Makefile"), ("cmake", "CMake", ""), ("chef", "Chef", ""), ("puppet", "Puppet", ""),
    ("ansible", "Ansible", ""), ("terraform", "Terraform", ""), ("flask", "Flask", ""),
    ("shell", "Shell scripting", "Shell"), ("bash", "Bash", ""), ("lean", "Lean", ""),
    ("lean-six-sigma", "Lean Six Sigma", ""), ("agile", "Agile", "Agile methodology"), ("scrum", "Scrum", ""),
    ("aws", "Amazon Web Services", "AWS"), ("sas", "SAS", ""), ("saas", "SaaS", ""), ("sql", "SQL", ""),
    ("nosql", "NoSQL", ""), ("kubernetes", "Kubernetes", "k8s"), ("postgresql", "PostgreSQL", "Postgres"),
    ("javascript", "JavaScript", "JS"), ("scikit-learn", "scikit-learn", "sklearn"),
    ("machine-learning", "Machine learning", "ML"), ("generative-ai", "Generative AI", "gen AI | GenAI"),
    ("power-bi", "Power BI", "PowerBI"), ("java", "Java", ""), ("statistics", "Statistics", ""),
    ("django", "Django", ""), ("react", "React", "ReactJS"), ("at-t", "AT&T", ""), ("ci-cd", "CI/CD", ""),
    ("ruby-on-rails", "Ruby on Rails", "Rails"), ("vuejs", "Vue.js", "VueJS"), ("aws-lambda", "AWS Lambda", "Lambda"),
    ("german", "German", "German language"), ("french", "French", ""), ("health-insurance", "Health insurance", ""),
    ("artificial-intelligence", "Artificial intelligence", "AI"), ("business-intelligence", "Business intelligence", "BI"),
    ("diversity", "Diversity and inclusion", "DEI"), ("recruiting", "Recruiting", "recruitment"),
    ("oracle-database", "Oracle Database", "Oracle"), ("hibernate", "Hibernate", ""),
    ("spring-framework", "Spring Framework", "Spring"), ("expressjs", "Express.js", "Express"),
    ("mongodb", "MongoDB", ""), ("jenkins", "Jenkins", ""), ("travis-ci", "Travis CI", "Travis"),
    ("hashicorp-vault", "HashiCorp Vault", "Vault"), ("hashicorp-nomad", "HashiCorp Nomad", "Nomad"),
    ("d3js", "D3.js", "D3"), ("tailwind-css", "Tailwind CSS", "Tailwind"), ("jakarta-ee", "Jakarta EE", "JEE"),
    ("amazon-ecs", "Amazon ECS", "ECS"), ("amazon-aurora", "Amazon Aurora", "Aurora"),
    ("end-to-end-testing", "End-to-end testing", "E2E"), ("tdd", "TDD", ""), ("polish", "Polish", ""),
    ("english", "English", ""), ("mandarin-chinese", "Mandarin Chinese", "Chinese"),
    ("ehr-documentation", "EHR documentation", "EMR"), ("amazon-emr", "Amazon EMR", "AWS EMR"),
    ("executive-leadership", "Executive leadership", "senior leadership"), ("leadership", "Leadership", ""), ("human-resources", "Human resources", ""),
    ("product-management", "Product management", ""), ("project-management", "Project management", ""),
    ("google-cloud-platform", "Google Cloud Platform", "GCP"),
    ("compensation-and-benefits", "Compensation and benefits", "total rewards"),
    ("sustainability-management", "Sustainability management", "sustainability"),
    ("communication", "Communication", ""), ("care-planning", "Care planning", "care plans"),
    ("life-insurance", "Life insurance", ""),
    ("insurance-verification", "Insurance verification", "eligibility verification"),
    ("talent-acquisition", "Talent acquisition", ""), ("interviewing", "Interviewing", ""),
    ("ada-programming", "Ada programming", "Ada"), ("boost-cpp", "Boost C++", "Boost"),
    ("apple-metal", "Metal (Apple graphics API)", "Metal"), ("apollo-graphql", "Apollo GraphQL", "Apollo"),
    ("hashicorp-packer", "HashiCorp Packer", "Packer"), ("ray-framework", "Ray (distributed computing)", "Ray"),
    ("crystal-language", "Crystal", ""), ("nim-language", "Nim", ""),
    ("assembly-language", "Assembly language", "Assembly"),
    ("creative-thinking", "Creative thinking", "creativity"), ("digital-transformation", "Digital transformation", ""),
    ("value-engineering", "Value engineering", ""), ("http", "HTTP", "HTTPS"), ("team-building", "Team building", ""),
    ("front-end-development", "Front-end development", "front-end | frontend"),
    ("full-stack-development", "Full-stack development", "full-stack | full stack"),
]  # fmt: skip
LANGUAGES = {"german", "french", "polish", "english", "mandarin-chinese"}
CATEGORIES = {
    **dict.fromkeys(LANGUAGES, "Languages"),
    "communication": "Soft skills", "leadership": "Soft skills",
    "executive-leadership": "Management & leadership",
}  # fmt: skip


def tiny_taxonomy() -> Taxonomy:
    skills = [Skill(i, name, CATEGORIES.get(i, "test")) for i, name, _ in SKILLS]
    aliases = [
        (a.strip(), skill_id) for skill_id, _, cell in SKILLS for a in cell.split("|") if a.strip()
    ]
    return Taxonomy(skills, aliases)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(tiny_taxonomy())


def found(extractor: Extractor, text: str) -> list[tuple[str, int, int, str]]:
    return [(m.skill_id, m.start, m.end, m.text) for m in extractor.mentions(text)]


# --- one match and one non-match per ambiguous name (rules in data/taxonomy/context_rules.yaml)

AMBIGUOUS = {
    "R": [
        ("Statistics in R, Python and SQL.",
         [("statistics", 0, 10, "Statistics"), ("r", 14, 15, "R"), ("python", 17, 23, "Python"), ("sql", 28, 31, "SQL")]),
        ("Experience with R programming.", [("r", 16, 17, "R")]),
        ("Our R&D team", []),
        ("Grade R pupils", []),
        ("r is a letter", []),
    ],
    "C": [
        ("Languages: C, C++ and Java.", [("c", 11, 12, "C"), ("cpp", 14, 17, "C++"), ("java", 22, 26, "Java")]),
        ("C/C++ embedded work", [("c", 0, 1, "C"), ("cpp", 2, 5, "C++")]),
        ("Strong C programming skills", [("c", 7, 8, "C")]),
        ("Talk to the C-suite", []),
        ("C level executives", []),
        ("Grade C or better", []),
        ("Vitamin C supplements", []),
        ("Use C++ or C#, not F#", [("cpp", 4, 7, "C++"), ("csharp", 11, 13, "C#"), ("fsharp", 19, 21, "F#")]),
    ],
    "Go": [
        ("We use Go and Python for backend services.", [("go", 7, 9, "Go"), ("python", 14, 20, "Python")]),
        ("Golang experience", [("go", 0, 6, "Golang")]),
        ("Build our go to market plan", []),
        ("You are a go-getter", []),
        ("Coffee on the go", []),
        ("Go above and beyond", []),
    ],
    "Swift": [
        ("iOS apps in Swift and Objective-C", [("swift", 12, 17, "Swift")]),
        ("Swift response to incidents", []),
        ("a swift response", []),
    ],
    "Rust": [
        ("Systems programming in Rust", [("rust", 23, 27, "Rust")]),
        ("Remove the Rust from pipes", []),
        ("rust on metal", []),
    ],
    "Julia": [
        ("Numerical code in Julia or Python", [("julia", 18, 23, "Julia"), ("python", 27, 33, "Python")]),
        ("Ask Julia about the schedule", []),
    ],
    "Dart": [
        ("Mobile apps with Flutter and Dart", [("flutter", 17, 24, "Flutter"), ("dart", 29, 33, "Dart")]),
        ("Play Dart at the pub", []),
    ],
    "Spark": [
        ("Big data with Spark and Hadoop", [("spark", 14, 19, "Spark"), ("hadoop", 24, 30, "Hadoop")]),
        ("PySpark pipelines", [("spark", 0, 7, "PySpark")]),
        ("Designs that spark joy", []),
        ("Spark innovation in the team", []),
    ],
    "Excel": [
        ("Advanced Excel skills", [("excel", 9, 14, "Excel")]),
        ("Excel spreadsheets", [("excel", 0, 5, "Excel")]),
        ("You will excel in a fast-paced team", []),
        ("Excel in a fast-paced team", []),
        ("strive to excel", []),
    ],
    "Access": [
        ("Access database queries", [("access", 0, 6, "Access")]),
        ("Word, Excel, Access", [("word", 0, 4, "Word"), ("excel", 6, 11, "Excel"), ("access", 13, 19, "Access")]),
        ("Access to the building", []),
        ("access to data", []),
        ("Access control", []),
    ],
    "Word": [
        ("Word, Excel, PowerPoint",
         [("word", 0, 4, "Word"), ("excel", 6, 11, "Excel"), ("powerpoint", 13, 23, "PowerPoint")]),
        ("Microsoft Office (Word, Excel)", [("word", 18, 22, "Word"), ("excel", 24, 29, "Excel")]),
        ("word of mouth", []),
        ("In a Word document", []),
    ],
    "Make": [
        ("Make, CMake or Bazel", [("make", 0, 4, "Make"), ("cmake", 6, 11, "CMake")]),
        ("Makefile experience", [("make", 0, 8, "Makefile")]),
        ("Make sure you ship", []),
        ("make an impact", []),
    ],
    "Chef/Puppet": [
        ("Config management with Chef or Puppet", [("chef", 23, 27, "Chef"), ("puppet", 31, 37, "Puppet")]),
        ("Ansible, Chef, Terraform",
         [("ansible", 0, 7, "Ansible"), ("chef", 9, 13, "Chef"), ("terraform", 15, 24, "Terraform")]),
        ("Sous Chef wanted", []),
        ("Puppet show for kids", []),
        ("Head Chef in our kitchen", []),
    ],
    "Flask": [
        ("REST APIs with Flask and Django", [("flask", 15, 20, "Flask"), ("django", 25, 31, "Django")]),
        ("Python (Flask)", [("python", 0, 6, "Python"), ("flask", 8, 13, "Flask")]),
        ("Rinse the Erlenmeyer flask", []),
        ("a flask of coffee", []),
    ],
    "Shell": [
        ("Bash and Shell scripts", [("bash", 0, 4, "Bash"), ("shell", 9, 14, "Shell")]),
        ("Shell scripting on Linux", [("shell", 0, 15, "Shell scripting")]),
        ("Shell Oil refinery", []),
        ("an egg shell", []),
    ],
    "Lean": [
        ("Lean and Six Sigma", [("lean", 0, 4, "Lean")]),
        ("Lean manufacturing", [("lean", 0, 4, "Lean")]),
        ("a lean team", []),
        ("Lean on your peers", []),
    ],
    # Decision: "agile environment" / "agile teams" name the methodology the team works by, so
    # they count; the adjective about a person ("be agile", "agile learner") does not.
    "Agile": [
        ("Scrum and Agile", [("scrum", 0, 5, "Scrum"), ("agile", 10, 15, "Agile")]),
        ("an agile environment", [("agile", 3, 8, "agile")]),
        ("agile teams", [("agile", 0, 5, "agile")]),
        ("be agile and adaptable", []),
        ("highly agile learner", []),
    ],
    "AWS": [
        ("Deploy to AWS", [("aws", 10, 13, "AWS")]),
        ("AWS-certified", [("aws", 0, 3, "AWS")]),
        ("Follow labor laws", []),
        ("draws on experience", []),
    ],
    "SAS": [
        ("SAS and SPSS", [("sas", 0, 3, "SAS")]),
        ("SaaS products", [("saas", 0, 4, "SaaS")]),
        ("sas drives", []),
    ],
    "SQL": [
        ("SQL and NoSQL stores", [("sql", 0, 3, "SQL"), ("nosql", 8, 13, "NoSQL")]),
        ("NoSQL only", [("nosql", 0, 5, "NoSQL")]),
        ("MySQL", []),
    ],
    # every_form: a skill followed by a job-title noun names the job, not a requirement
    "job titles": [
        ("Senior Java Developer wanted. You know Java.", [("java", 39, 43, "Java")]),
        ("Full Stack Python/Java Software Engineer", []),
        ("Join the Python team", []),
        ("Python team members; AWS platform. Lead the way", [("python", 0, 6, "Python"), ("aws", 21, 24, "AWS")]),
        ("a fintech company using SQL", [("sql", 24, 27, "SQL")]),
        ("Agile team", [("agile", 0, 5, "Agile")]),
        ("DevOps Engineer (Python, AWS)", [("python", 17, 23, "Python"), ("aws", 25, 28, "AWS")]),
        # names joined by "and" / "or" / "&" into one title or team name
        ("A team of Python and Java developers", []),
        ("The Docker & Kubernetes team", []),
        ("Python, Java developers", [("python", 0, 6, "Python")]),  # a comma may end a list item
    ],
    # categories: [Languages]: the language, not the nationality adjective
    "Languages": [
        ("Fluent German and French required", [("german", 7, 13, "German"), ("french", 18, 24, "French")]),
        ("German language skills", [("german", 0, 15, "German language")]),
        ("a German company", []),
        ("the French market", []),
    ],
    # Decision: "Oracle" alone is Oracle Database in a database context, never the company.
    "Oracle": [
        ("Oracle and PostgreSQL", [("oracle-database", 0, 6, "Oracle"), ("postgresql", 11, 21, "PostgreSQL")]),
        ("SQL tuning on Oracle", [("sql", 0, 3, "SQL"), ("oracle-database", 14, 20, "Oracle")]),
        ("You will work at Oracle", []),
        ("We are an Oracle partner", []),
    ],
    "Spring": [
        ("Java with Spring and Hibernate",
         [("java", 0, 4, "Java"), ("spring-framework", 10, 16, "Spring"), ("hibernate", 21, 30, "Hibernate")]),
        ("Spring 2025 intake", []),
        ("Java developers start in the Spring", []),
    ],
    "Express": [
        ("REST APIs in Node.js with Express", [("nodejs", 13, 20, "Node.js"), ("expressjs", 26, 33, "Express")]),
        ("Express your ideas freely", []),
    ],
    "Lambda": [
        ("AWS Lambda and Lambda functions", [("aws-lambda", 0, 10, "AWS Lambda"), ("aws-lambda", 15, 21, "Lambda")]),
        ("Serverless on AWS: Lambda", [("aws", 14, 17, "AWS"), ("aws-lambda", 19, 25, "Lambda")]),
        ("lambda expressions in Java", [("java", 22, 26, "Java")]),
        ("Greek letter Lambda", []),
    ],
    "Travis": [
        ("Jenkins or Travis for CI", [("jenkins", 0, 7, "Jenkins"), ("travis-ci", 11, 17, "Travis")]),
        ("Travis will be your manager", []),
    ],
    "Vault and Nomad": [
        ("Secrets in Vault", [("hashicorp-vault", 11, 16, "Vault")]),
        ("Nomad and Vault", [("hashicorp-nomad", 0, 5, "Nomad"), ("hashicorp-vault", 10, 15, "Vault")]),
        ("the bank Vault", []),
        ("a digital Nomad", []),
    ],
    "D3": [("Charts in D3", [("d3js", 10, 12, "D3")]), ("Vitamin D3 supplements", [])],
    "Tailwind": [("CSS with Tailwind", [("tailwind-css", 9, 17, "Tailwind")]), ("A Tailwind for the business", [])],
    "ECS": [("Docker on ECS and AWS", [("amazon-ecs", 10, 13, "ECS"), ("aws", 18, 21, "AWS")]), ("ECS results", [])],
    "Aurora": [("Postgres, Aurora", [("postgresql", 0, 8, "Postgres"), ("amazon-aurora", 10, 16, "Aurora")]),
               ("Based in Aurora, CO", [])],
    "E2E": [("TDD and E2E", [("tdd", 0, 3, "TDD"), ("end-to-end-testing", 8, 11, "E2E")]),
            ("E2E ownership of features", [])],
    # language names that are words or nationality adjectives: only with language context
    "Polish and Chinese": [
        ("Fluent Polish", [("polish", 7, 13, "Polish")]),
        ("English and Polish", [("english", 0, 7, "English"), ("polish", 12, 18, "Polish")]),
        ("Fluent in Chinese", [("mandarin-chinese", 10, 17, "Chinese")]),
        ("polish the UI", []),
        ("Polish clients", []),
        ("Polish and deliver", []),
        ("the Chinese market", []),
    ],
    "benefits and EEO": [
        ("Sell health insurance policies to clients", [("health-insurance", 5, 21, "health insurance")]),
        ("Benefits: health insurance, dental, 401(k)", []),
        ("Lead our DEI programs", [("diversity", 9, 12, "DEI")]),
        ("We are an equal opportunity employer that values diversity and inclusion", []),
        ("Recruiting and onboarding", [("recruiting", 0, 10, "Recruiting")]),
        ("No recruitment agencies please", []),
        ("Recruiting expenses are not reimbursed", []),
        ("Recruitment & staffing agencies: no calls", []),
        ("Foreign government talent recruitment programs", []),
        ("Questions? Write to **recruiting@acme.com**", []),
        ("This applies to all terms and conditions of employment, including recruiting, hiring", []),
    ],
    "Ada": [("Safety-critical code in Ada", [("ada-programming", 24, 27, "Ada")]), ("An EOE/ADA employer", [])],
    "Boost": [
        ("Modern C++ and Boost", [("cpp", 7, 10, "C++"), ("boost-cpp", 15, 20, "Boost")]),
        ("Boost sales in the region", []),
    ],
    "Metal": [("GPU rendering with Metal", [("apple-metal", 19, 24, "Metal")]), ("Metal forming and casting", [])],
    "Apollo": [("Apollo with GraphQL", [("apollo-graphql", 0, 6, "Apollo")]), ("The Apollo programme", [])],
    "Packer": [
        ("Terraform and Packer images", [("terraform", 0, 9, "Terraform"), ("hashicorp-packer", 14, 20, "Packer")]),
        ("Packer wanted for our warehouse", []),
    ],
    "Ray": [("Distributed training on Ray with PyTorch", [("ray-framework", 24, 27, "Ray")]), ("Ray, our CTO, says hi", [])],
    "Crystal and Nim": [
        ("Crystal, a compiled programming language", [("crystal-language", 0, 7, "Crystal")]),
        ("Nim compiler internals", [("nim-language", 0, 3, "Nim")]),
        ("Our Crystal City office", []),
    ],
    "Node": [
        ("APIs in Node and Express", [("nodejs", 8, 12, "Node"), ("expressjs", 17, 24, "Express")]),
        ("Python, Node, React", [("python", 0, 6, "Python"), ("nodejs", 8, 12, "Node"), ("react", 14, 19, "React")]),
        ("Java backend on multi-node systems", [("java", 0, 4, "Java")]),
        ("each worker node in a cluster", []),
    ],
    "Assembly": [("x86 Assembly", [("assembly-language", 4, 12, "Assembly")]), ("Assembly line work", [])],
    "benefits without a cue": [
        ("Experience in compensation and benefits", [("compensation-and-benefits", 14, 39, "compensation and benefits")]),
        ("We pay competitive compensation and benefits", []),
        ("Write nursing care plans", [("care-planning", 14, 24, "care plans")]),
        ("Robust Health Care Plans (Medical, Dental & Vision)", []),
        ("Underwriting life insurance policies", [("life-insurance", 13, 27, "life insurance")]),
        ("Tuition Reimbursement\nLife Insurance (Basic, Voluntary & AD&D)", []),
    ],
    "the hiring process": [
        ("Patient eligibility verification", [("insurance-verification", 8, 32, "eligibility verification")]),
        ("Complete the employment eligibility verification form", []),
        ("Experience in talent acquisition", [("talent-acquisition", 14, 32, "talent acquisition")]),
        ("Contact your Talent Acquisition representative", []),
        ("Jane Doe, Talent Acquisition Professional", []),
        ("Interviewing candidates", [("interviewing", 0, 12, "Interviewing")]),
        ("Expenses incurred as a result of interviewing with us", []),
        ("Ask for a reasonable accommodation in interviewing candidates", []),
    ],
    "scraped page script": [
        ("REST APIs over HTTPS and JavaScript", [("http", 15, 20, "HTTPS"), ("javascript", 25, 35, "JavaScript")]),
        ("ac.type = 'text/javascript'; ac.src = ('https:' == document.location.protocol)", []),
    ],
    "team building": [
        ("Team building and mentoring", [("team-building", 0, 13, "Team building")]),
        ("Join our team building data platforms", []),
    ],
    "value engineering": [
        ("Value engineering and cost reduction", [("value-engineering", 0, 17, "Value engineering")]),
        ("We value engineering expertise over language prowess", []),
    ],
    "culture and company change": [
        ("Creativity and attention to detail", [("creative-thinking", 0, 10, "Creativity")]),
        ("A workplace that fosters creativity", []),
        ("Lead digital transformation projects", [("digital-transformation", 5, 27, "digital transformation")]),
        ("Acme is going through a Digital Transformation", []),
        ("We power the digital transformation of banking", []),
    ],
    "total rewards": [
        ("Experience in total rewards and payroll", [("compensation-and-benefits", 14, 27, "total rewards")]),
        ("Our Total Rewards package includes dental cover", []),
    ],
    "sustainability": [
        ("Lead sustainability reporting", [("sustainability-management", 5, 19, "sustainability")]),
        ("the performance and sustainability of our data processes", []),
    ],
    "communication": [
        ("Strong communication skills", [("communication", 7, 20, "communication")]),
        ("A hospital for deafness and communication disorders", []),
    ],
    "EMR": [
        ("Chart in the EMR after each visit", [("ehr-documentation", 13, 16, "EMR")]),
        ("Batch jobs on EC2, EMR and S3", []),
        ("Spark on AWS EMR", [("spark", 0, 5, "Spark"), ("amazon-emr", 9, 16, "AWS EMR")]),
    ],
    "senior leadership": [
        ("10 years of senior leadership experience", [("executive-leadership", 12, 29, "senior leadership")]),
        ("Executive leadership skills", [("executive-leadership", 0, 20, "Executive leadership")]),
        ("Present findings to senior leadership", []),
        ("Partner with executive leadership and product", []),
        ("Brief our senior leadership team", []),
    ],
    "leadership": [
        ("Provide technical leadership to the team", [("leadership", 18, 28, "leadership")]),
        ("5 years of leadership experience", [("leadership", 11, 21, "leadership")]),
        ("Communication, leadership and Python", [("communication", 0, 13, "Communication"), ("leadership", 15, 25, "leadership"), ("python", 30, 36, "Python")]),
        ("Present findings to leadership", []),
        ("Work with client leadership on Python", [("python", 31, 37, "Python")]),
        ("Acme's market leadership", []),
        ("stakeholders, leadership, and project teams", []),
        ("Provide leadership committee minutes", []),
    ],
    "Human resources": [
        ("A degree in Human Resources", [("human-resources", 12, 27, "Human Resources")]),
        ("5 years of human resources experience", [("human-resources", 11, 26, "human resources")]),
        ("Please contact Human Resources at 555-0100", []),
        ("prior approval from ABL, Inc. Human Resources", []),
        ("any member of management, including Human Resources", []),
    ],
    "departments": [
        ("Experience with technology product management", [("product-management", 27, 45, "product management")]),
        ("Proficient with project management tools", [("project-management", 16, 34, "project management")]),
        ("Partner with Product Management and Engineering", []),
        ("Work with the Product Management, Engineering, and Data Science teams", []),
        ("collaborating with Marketing, Sales, Project management, QA, and Production", []),
    ],
    "GCP": [
        ("Cloud experience in AWS or GCP", [("aws", 20, 23, "AWS"), ("google-cloud-platform", 27, 30, "GCP")]),
        ("Ensure compliance with GCP guidelines and CAP accreditation", []),
        ("Monitor clinical trials under GCP", []),
    ],
    "front-end": [
        ("Strong front-end skills", [("front-end-development", 7, 16, "front-end")]),
        ("Train and educate front-end users of the tools", []),
    ],
    "full-stack": [
        ("full-stack, data and cloud", [("full-stack-development", 0, 10, "full-stack")]),
        ("You are a full-stack data person", []),
    ],
    "AI/BI": [
        ("AI and BI tools", [("artificial-intelligence", 0, 2, "AI"), ("business-intelligence", 7, 9, "BI")]),
        ("ai nostri clienti, bi-weekly syncs", []),
    ],
    "punctuation": [
        (".NET and ASP.NET", [("dotnet", 0, 4, ".NET"), ("aspnet", 9, 16, "ASP.NET")]),
        ("Node.js and NodeJS", [("nodejs", 0, 7, "Node.js"), ("nodejs", 12, 18, "NodeJS")]),
        ("C# and F#", [("csharp", 0, 2, "C#"), ("fsharp", 7, 9, "F#")]),
        ("C++ but not C", [("cpp", 0, 3, "C++")]),
        ("AT&T and R&D", [("at-t", 0, 4, "AT&T")]),
        ("CI/CD pipelines", [("ci-cd", 0, 5, "CI/CD")]),
        ("vue.js and Vue.JS", [("vuejs", 0, 6, "vue.js"), ("vuejs", 11, 17, "Vue.JS")]),
        ("Python. Java, SQL; C++!", [("python", 0, 6, "Python"), ("java", 8, 12, "Java"),
                                    ("sql", 14, 17, "SQL"), ("cpp", 19, 22, "C++")]),
    ],
}  # fmt: skip

CASES = [
    pytest.param(text, expected, id=f"{name}-{'match' if expected else 'no-match'}-{i}")
    for name, cases in AMBIGUOUS.items()
    for i, (text, expected) in enumerate(cases)
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_ambiguous_names(extractor, text, expected):
    assert found(extractor, text) == expected


def test_every_ambiguous_name_has_a_match_and_a_non_match():
    for name, cases in AMBIGUOUS.items():
        if name in ("punctuation", "job titles"):
            continue
        assert any(expected for _, expected in cases), name
        assert any(not expected for _, expected in cases), name


# --- aliases, longest match, markup --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("k8s clusters", [("kubernetes", 0, 3, "k8s")]),
        ("Postgres DBs", [("postgresql", 0, 8, "Postgres")]),
        ("JS/TS", [("javascript", 0, 2, "JS")]),
        ("MS Excel", [("excel", 0, 8, "MS Excel")]),
        ("scikit learn and sklearn", [("scikit-learn", 0, 12, "scikit learn"), ("scikit-learn", 17, 24, "sklearn")]),
        ("ML models", [("machine-learning", 0, 2, "ML")]),
        ("JEE applications", [("jakarta-ee", 0, 3, "JEE")]),
        ("gen AI and GenAI", [("generative-ai", 0, 6, "gen AI"), ("generative-ai", 11, 16, "GenAI")]),
        ("Power BI or PowerBI", [("power-bi", 0, 8, "Power BI"), ("power-bi", 12, 19, "PowerBI")]),
        ("PYTHON, python, Ｐｙｔｈｏｎ", [("python", 0, 6, "PYTHON"), ("python", 8, 14, "python"),
                                      ("python", 16, 22, "Ｐｙｔｈｏｎ")]),
    ],
)  # fmt: skip
def test_aliases(extractor, text, expected):
    assert found(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apache Spark", [("spark", 0, 12, "Apache Spark")]),
        ("Microsoft Excel and PowerPoint", [("excel", 0, 15, "Microsoft Excel"), ("powerpoint", 20, 30, "PowerPoint")]),
        ("Lean Six Sigma Green Belt", [("lean-six-sigma", 0, 14, "Lean Six Sigma")]),
        ("MS Access", [("access", 0, 9, "MS Access")]),
        ("Ruby on Rails, AWS Lambda", [("ruby-on-rails", 0, 13, "Ruby on Rails"), ("aws-lambda", 15, 25, "AWS Lambda")]),
    ],
)  # fmt: skip
def test_longest_match_wins(extractor, text, expected):
    assert found(extractor, text) == expected


def test_html_input(extractor):
    text = "<ul><li><b>Python</b> &amp; <i>Power</i> <i>BI</i></li><li>C&#43;&#43;</li></ul>"
    assert found(extractor, text) == [
        ("python", 11, 17, "Python"),
        ("power-bi", 31, 46, "Power</i> <i>BI"),
        ("cpp", 59, 70, "C&#43;&#43;"),
    ]


def test_markdown_with_backslash_escapes(extractor):
    text = "**Skills:**\n\n* **C\\+\\+** and **Node\\.js**\n* R \\- statistics\n* [Docs](https://aws.amazon.com)"
    assert found(extractor, text) == [
        ("cpp", 17, 22, "C\\+\\+"),
        ("nodejs", 31, 39, "Node\\.js"),
        ("r", 44, 45, "R"),
        ("statistics", 49, 59, "statistics"),
    ]


def test_empty_and_whitespace(extractor):
    assert extractor.mentions("") == []
    assert extractor.mentions("   \n") == []


def test_mention_is_a_frozen_dataclass(extractor):
    (mention,) = extractor.mentions("SQL")
    assert mention == Mention("sql", 0, 3, "SQL")
    with pytest.raises(AttributeError):
        mention.start = 1  # type: ignore[misc]


def test_empty_taxonomy_finds_nothing():
    assert Extractor(Taxonomy()).mentions("Python") == []


def test_pickle_round_trip_rebuilds_the_automaton(extractor):
    clone = pickle.loads(pickle.dumps(extractor))
    assert found(clone, "Go and k8s") == found(extractor, "Go and k8s") == [
        ("go", 0, 2, "Go"), ("kubernetes", 7, 10, "k8s"),
    ]  # fmt: skip
    assert clone.version == extractor.version


def test_version_follows_taxonomy_rules_and_matching(extractor, monkeypatch):
    other_taxonomy = Extractor(Taxonomy([Skill("sql", "SQL", "x")]))
    no_rules = Extractor(tiny_taxonomy(), rules={})
    before = extractor.version
    monkeypatch.setattr(extractor_module, "MATCHING", extractor_module.MATCHING + 1)
    assert len({before, extractor.version, other_taxonomy.version, no_rules.version}) == 4


# --- the rule vocabulary, on hand-made rules --------------------------------------------------


def rules_extractor(rules: dict) -> Extractor:
    taxonomy = Taxonomy([Skill("x", "Xeno", "t"), Skill("y", "Yak", "t"), Skill("z", "Zed", "t")])
    return Extractor(taxonomy, rules=parse_context_rules(rules))


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        ({"require_case": ["Xeno"]}, "Xeno xeno", [("x", 0, 4, "Xeno")]),
        ({"forbid_preceding": ["no"]}, "no Xeno, a Xeno", [("x", 11, 15, "Xeno")]),
        ({"forbid_following": ["off"]}, "Xeno off, Xeno-off, Xeno on", [("x", 20, 24, "Xeno")]),
        ({"forbid_nearby": ["bad"]}, "Xeno ok. " + "." * 70 + " bad Xeno", [("x", 0, 4, "Xeno")]),
        ({"accept_case": ["XENO"]}, "Xeno XENO", [("x", 5, 9, "XENO")]),
        ({"preceded_by": ["use"]}, "use Xeno; Xeno", [("x", 4, 8, "Xeno")]),
        ({"followed_by": ["code"]}, "Xeno code; Xeno", [("x", 0, 4, "Xeno")]),
        ({"nearby": ["good"], "window": 10}, "good Xeno. " + "." * 20 + " Xeno", [("x", 5, 9, "Xeno")]),
        ({"list_context": True}, "Yak, Xeno and Zed. Xeno.",
         [("y", 0, 3, "Yak"), ("x", 5, 9, "Xeno"), ("z", 14, 17, "Zed")]),
        ({"list_context": ["zed"]}, "Yak, Xeno. Xeno or Zed",
         [("y", 0, 3, "Yak"), ("x", 11, 15, "Xeno"), ("z", 19, 22, "Zed")]),
        ({"nearby": ["@good"]}, "fine Xeno", [("x", 5, 9, "Xeno")]),
    ],
)  # fmt: skip
def test_rule_vocabulary(rule, text, expected):
    data = {"word_sets": {"good": ["fine"]}, "rules": [{"forms": ["xeno"], **rule}]}
    assert found(rules_extractor(data), text) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rules": [{"forms": ["x"], "requires": ["X"]}]},
         "Bad context rule: test, rule 1 (x): unknown keys ['requires']"),
        ({"rules": [{"nearby": ["a"]}]}, "Bad context rule: test, rule 1 (): no forms"),
        ({"rules": [{"forms": ["x"], "nearby": ["@nope"]}]},
         "Bad context rule: test, rule 1 (x): unknown word set @nope"),
    ],
)  # fmt: skip
def test_bad_rules_are_reported(data, message):
    with pytest.raises(TaxonomyError) as info:
        parse_context_rules(data, source="test")
    assert str(info.value) == message


def test_category_rule_covers_names_but_not_aliases_and_form_rules_win():
    taxonomy = Taxonomy(
        [
            Skill("de", "German", "Languages"),
            Skill("fr", "French", "Languages"),
            Skill("x", "Xeno", "t"),
        ],
        [("German language", "de")],
    )
    data = {"rules": [{"categories": ["Languages"], "followed_by": ["skills"]},
                      {"forms": ["french"], "require_case": ["French"]}]}  # fmt: skip
    extractor = Extractor(taxonomy, rules=parse_context_rules(data))
    assert found(extractor, "German skills; German cars; German language; French cars; french") == [
        ("de", 0, 6, "German"), ("de", 28, 43, "German language"), ("fr", 45, 51, "French"),
    ]  # fmt: skip


def test_every_form_rule_vetoes_any_hit():
    data = {"every_form": {"forbid_following": ["engineer", "team lead"]}}
    extractor = rules_extractor(data)
    assert found(extractor, "Xeno engineer, Yak team lead, Zed-engineer, Zed team") == [
        ("z", 44, 47, "Zed")
    ]


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        # vetoed, the longer name takes the name inside it along ("present to senior leadership")
        ({"forbid_preceding": ["to"]}, "to Yak Xeno", []),
        ({"forbid_preceding": ["to"]}, "a Yak Xeno", [("yx", 2, 10, "Yak Xeno")]),
        # not accepted (no evidence either way), it leaves the name inside it to count
        ({"followed_by": ["code"]}, "a Yak Xeno here", [("x", 6, 10, "Xeno")]),
    ],
)  # fmt: skip
def test_a_vetoed_name_takes_the_names_inside_it_along(rule, text, expected):
    taxonomy = Taxonomy([Skill("x", "Xeno", "t"), Skill("yx", "Yak Xeno", "t")])
    extractor = Extractor(
        taxonomy, rules=parse_context_rules({"rules": [{"forms": ["yak xeno"], **rule}]})
    )
    assert found(extractor, text) == expected


def test_every_form_modifiers_exceptions_and_title_chains():
    data = {"every_form": {"forbid_following": ["engineer", "team"], "modifiers": ["software"],
                           "unless_following": ["team members"], "except_forms": ["zed"]}}  # fmt: skip
    extractor = rules_extractor(data)
    assert found(extractor, "Xeno Software Engineer; Yak/Xeno engineer; Yak team; Yak team members") == [
        ("y", 53, 56, "Yak")
    ]  # fmt: skip
    # "and" joins two names of one title ("Python and Java engineer"); "," may end a list item
    assert found(extractor, "Yak and Xeno engineer; Yak, Xeno engineer; Zed team") == [
        ("y", 23, 26, "Yak"),
        ("z", 43, 46, "Zed"),
    ]


def test_rules_of_hits_inside_a_longer_name_still_decide_when_that_name_loses():
    # "Xeno" (ruled) inside "Xeno Yak", which loses to the longer "Yak Zed Zed": Xeno's rule
    # decides whether it is left over; inside a winning "Xeno Yak" it is never a mention.
    taxonomy = Taxonomy(
        [Skill("x", "Xeno", "t"), Skill("xy", "Xeno Yak", "t"), Skill("yz", "Yak Zed Zed", "t")]
    )
    extractor = Extractor(taxonomy, rules=parse_context_rules({"rules": [
        {"forms": ["xeno"], "require_case": ["Xeno"]}]}))  # fmt: skip
    assert found(extractor, "Xeno Yak Zed Zed") == [
        ("x", 0, 4, "Xeno"),
        ("yz", 5, 16, "Yak Zed Zed"),
    ]
    assert found(extractor, "xeno Yak Zed Zed") == [("yz", 5, 16, "Yak Zed Zed")]
    assert found(extractor, "xeno Yak; Xeno Yak") == [
        ("xy", 0, 8, "xeno Yak"),
        ("xy", 10, 18, "Xeno Yak"),
    ]


def test_a_word_before_and_or_shares_the_next_forms_tail():
    taxonomy = Taxonomy(
        [Skill("verbal", "Verbal communication", "t"), Skill("written", "Written communication", "t"),
         Skill("pipelines", "Data pipelines", "t"), Skill("power-bi", "Power BI", "t"),
         Skill("bi-analysis", "BI analysis", "t"), Skill("financial", "Financial analysis", "t"),
         Skill("ruled", "Business analysis", "t"), Skill("deep", "Deep learning", "t"),
         Skill("ml", "Machine learning", "t")],
        [("oral communication", "verbal")],
    )  # fmt: skip
    rules = parse_context_rules(
        {"rules": [{"forms": ["business analysis"], "require_case": ["BA"]}]}
    )
    extractor = Extractor(taxonomy, rules=rules)
    assert found(extractor, "Excellent verbal and written communication skills") == [
        ("verbal", 10, 16, "verbal"),
        ("written", 21, 42, "written communication"),
    ]
    assert found(extractor, "machine or deep learning") == [
        ("ml", 0, 7, "machine"),
        ("deep", 11, 24, "deep learning"),
    ]
    # a run of words: back from the one before "and", over commas, slashes and "&"
    assert found(extractor, "Oral, written and verbal communication") == [
        ("verbal", 0, 4, "Oral"),
        ("written", 6, 13, "written"),
        ("verbal", 18, 38, "verbal communication"),
    ]
    assert found(extractor, "oral & written and verbal communication") == [
        ("verbal", 0, 4, "oral"),
        ("written", 7, 14, "written"),
        ("verbal", 19, 39, "verbal communication"),
    ]
    assert found(extractor, "oral/written or verbal communication")[:2] == [
        ("verbal", 0, 4, "oral"),
        ("written", 5, 12, "written"),
    ]
    # the form's own first word; a word inside a hit; a form with a rule; half a hyphenated word
    assert found(extractor, "data and data pipelines") == [("pipelines", 9, 23, "data pipelines")]
    assert found(extractor, "Power BI and financial analysis") == [
        ("power-bi", 0, 8, "Power BI"),
        ("financial", 13, 31, "financial analysis"),
    ]
    assert found(extractor, "business or financial analysis") == [
        ("financial", 12, 30, "financial analysis")
    ]
    assert found(extractor, "non-verbal and written communication") == [
        ("written", 15, 36, "written communication")
    ]
    # only "and" / "or" right before the form start a run
    assert found(extractor, "verbal/written communication") == [
        ("written", 7, 28, "written communication")
    ]


def test_every_form_allows_only_its_keys():
    with pytest.raises(TaxonomyError) as info:
        parse_context_rules({"every_form": {"nearby": ["x"]}}, source="test")
    assert str(info.value) == (
        "Bad context rule: test, every_form: only except_forms, forbid_following, modifiers,"
        " unless_following are allowed, not ['nearby']"
    )


def test_yaml_words_like_on_and_no_stay_words(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - forms: [xeno]\n    forbid_following: [on, no]\n", encoding="utf-8")
    extractor = Extractor(Taxonomy([Skill("x", "Xeno", "t")]), rules=path)
    assert found(extractor, "Xeno on, Xeno no, Xeno yes") == [("x", 18, 22, "Xeno")]


def test_shipped_rules_load():
    rules = load_context_rules()
    assert {"r", "c", "go", "excel", "agile", "word", "access", "spark"} <= set(rules)


# --- the property: never raises, offsets always exact ------------------------------------------

names = st.sampled_from(
    [name for _, name, _ in SKILLS] + ["k8s", "R&D", "C-suite", "go-getter", "NoSQL"]
)
markup = st.sampled_from(["**", "_", "<b>", "</b>", "&amp;", "&#43;", "\\-", "\\+", "\n* ", "\n- ", "[", "](http://a.b)",
                          "’", "–", "\u00a0", "ﬁ", "e\u0301", "™", ",", ".", "/", " ", "\n", "(", ")", "#", "+"])  # fmt: skip
texts = st.lists(st.one_of(names, markup, st.text(max_size=6)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_mentions_always_point_into_the_input(text):
    extractor = _SHARED
    for m in extractor.mentions(text):
        assert 0 <= m.start < m.end <= len(text)
        assert m.text == text[m.start : m.end]


@settings(max_examples=100, deadline=None)
@given(st.lists(texts, max_size=5))
def test_extract_counts_round_trips(batch):
    ids = [f"p{i}" for i in range(len(batch))]
    frame = extract_counts(_SHARED, batch, ids)
    expected = {}
    for posting_id, text in zip(ids, batch, strict=True):
        for m in _SHARED.mentions(text):
            expected[(posting_id, m.skill_id)] = expected.get((posting_id, m.skill_id), 0) + 1
    keys = zip(frame.posting_id, frame.skill_id, strict=True)
    assert dict(zip(keys, frame["count"], strict=True)) == expected
    assert list(frame.itertuples(index=False, name=None)) == sorted(
        (p, s, n) for (p, s), n in expected.items()
    )


cue_texts = st.lists(
    st.one_of(names, markup, st.sampled_from(["We ", "Our ", "we offer ", ". ", "You ", "use "])),
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(cue_texts)
def test_skill_ids_are_the_counted_mentions(text):
    assert _SHARED.skill_ids(text) == [m.skill_id for m in _SHARED.mentions(text)]


employers = st.one_of(
    st.none(),
    names,
    st.builds(lambda a, b: f"{a} {b}", names, st.sampled_from(["Inc", "Networks", "Labs", "Foo"])),
    st.text(max_size=8),
)


@settings(max_examples=200, deadline=None)
@given(cue_texts, employers)
def test_the_employer_only_ever_sets_mentions_aside(text, employer):
    everything = _SHARED.mentions(text, flagged=True)
    with_employer = _SHARED.mentions(text, flagged=True, employer=employer)
    # the same mentions, some set aside as the employer's name or in a sentence it opens
    assert [(m.skill_id, m.start, m.end, m.text) for m in with_employer] == [
        (m.skill_id, m.start, m.end, m.text) for m in everything
    ]
    for m, before in zip(with_employer, everything, strict=True):
        assert m.context == before.context or m.context in ("employer_name", "company")
        assert before.context is None or m.context is not None
    counted = [m.skill_id for m in with_employer if m.context is None]
    assert _SHARED.skill_ids(text, employer=employer) == counted
    assert [m.skill_id for m in _SHARED.mentions(text, employer=employer)] == counted


def test_skill_ids_leave_out_flagged_sentences():
    text = "We are a Python shop. You know SQL."
    assert [m.skill_id for m in _SHARED.mentions(text, flagged=True)] == ["python", "sql"]
    assert _SHARED.skill_ids(text) == ["sql"]


_SHARED = Extractor(tiny_taxonomy())


@settings(max_examples=200, deadline=None)
@given(cue_texts)
def test_ascii_and_unicode_texts_are_matched_alike(text):
    # Normalised ASCII text is matched as bytes, anything else as str: one leading "é" moves a
    # text to the other path and must only shift the offsets.
    def spans(t: str, shift: int) -> list:
        return [(m.start - shift, m.end - shift, m.skill_id, m.context)
                for m in _SHARED.mentions(t, flagged=True)]  # fmt: skip

    assert spans("é\n" + text, 2) == spans(text, 0)


# --- batch helpers ---------------------------------------------------------------------------


def test_extract_counts_exact_frame(extractor):
    frame = extract_counts(
        extractor, ["SQL, Python and SQL", None, "", "k8s", float("nan")], [10, 2, 3, 1, 4]
    )
    expected = pd.DataFrame(
        {
            "posting_id": pd.Series(["1", "10", "10"], dtype="str"),
            "skill_id": pd.Series(["kubernetes", "python", "sql"], dtype="str"),
            "count": pd.Series([1, 1, 2], dtype="int64"),
        }
    )
    pd.testing.assert_frame_equal(frame, expected)


def test_extract_counts_an_id_given_twice_interleaves_by_skill(extractor):
    frame = extract_counts(extractor, ["SQL Python", "k8s", "Python"], ["b", "a", "b"])
    assert list(frame.itertuples(index=False, name=None)) == [
        ("a", "kubernetes", 1), ("b", "python", 1), ("b", "python", 1), ("b", "sql", 1),
    ]  # fmt: skip
    assert frame.index.equals(pd.RangeIndex(4))
    frame = extract_counts(extractor, ["SQL", "SQL, SQL"], ["b", "b"])  # input order on a tie
    assert list(frame.itertuples(index=False, name=None)) == [("b", "sql", 1), ("b", "sql", 2)]


def test_extract_counts_with_nothing_found_has_the_columns(extractor):
    frame = extract_counts(extractor, ["nothing here"], ["a"])
    assert list(frame.columns) == ["posting_id", "skill_id", "count"]
    assert list(frame.dtypes.astype(str)) == ["str", "str", "int64"]
    assert frame.empty


def test_extract_counts_needs_one_id_per_text(extractor):
    with pytest.raises(ValueError):
        extract_counts(extractor, ["a", "b"], ["1"])


def test_extract_frame(extractor):
    df = pd.DataFrame(
        {"posting_id": ["a", "b"], "description": ["Go, Rust", "AWS"], "other": [1, 2]}
    )
    pd.testing.assert_frame_equal(
        extract_frame(extractor, df),
        pd.DataFrame(
            {
                "posting_id": pd.Series(["a", "a", "b"], dtype="str"),
                "skill_id": pd.Series(["go", "rust", "aws"], dtype="str"),
                "count": pd.Series([1, 1, 1], dtype="int64"),
            }
        ),
    )
    renamed = df.rename(columns={"posting_id": "id", "description": "text"})
    assert len(extract_frame(extractor, renamed, id_col="id", text_col="text")) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Python, AWS, react", ["python", "aws", "react"]),
        ("Ruby/Rails, Typescript, Vue JS, AWS Lambdas", ["ruby-on-rails", "vuejs", "aws-lambda"]),
        ("Go, C, R", ["go", "c", "r"]),  # a skills list needs no context rules
        (".NET; CI/CD | k8s\nJava & Scala", ["dotnet", "ci-cd", "kubernetes", "java", "scala"]),
        ("Python, python, PYTHON", ["python"]),
        ("R&D Management, unknown", []),
        ("", []),
        (None, []),
    ],
)
def test_map_skill_list(text, expected):
    assert map_skill_list(tiny_taxonomy(), text) == expected


def test_map_skill_list_scans_unknown_items_with_an_extractor(extractor):
    assert map_skill_list(
        extractor.taxonomy, "Python 3.10, strong SQL skills", extractor=extractor
    ) == [
        "python",
        "sql",
    ]


@pytest.mark.slow
def test_extract_counts_runs_unchanged_in_a_process_pool(extractor):
    """The extractor pickles (automaton rebuilt on arrival) and extract_counts is pure."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    batches = [(["Go and k8s", "SQL"], ["a", "b"]), (["Rust, C++"], ["c"])]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        frames = list(pool.map(extract_counts, [extractor] * 2, *zip(*batches, strict=True)))
    combined = pd.concat(frames, ignore_index=True)
    expected = pd.concat([extract_counts(extractor, t, i) for t, i in batches], ignore_index=True)
    pd.testing.assert_frame_equal(combined, expected)
    assert combined.skill_id.tolist() == ["go", "kubernetes", "sql", "cpp", "rust"]


def _shadowed_by_brute_force(hits: list, rule_of: list) -> set:
    """shadowed_hits' definition, checked against every pair of hits."""
    out = set()
    for k, x in enumerate(hits):
        if rule_of[x[2]] is not None:
            for a in hits:
                if (
                    a[0] <= x[0]
                    and x[1] <= a[1]
                    and a[1] - a[0] > x[1] - x[0]
                    and rule_of[a[2]] is None
                    and all(
                        h is a or h[1] <= a[0] or a[1] <= h[0] or h[1] - h[0] < a[1] - a[0]
                        for h in hits
                    )
                ):
                    out.add(k)
    return out


def _ruled_at(hits: list, rule_of: list) -> list[int]:
    return [k for k, h in enumerate(hits) if rule_of[h[2]] is not None]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(1, 10), st.booleans()), max_size=14),
    st.booleans(),
)
def test_shadowed_hits_looks_only_near_each_hit_and_agrees_with_every_pair(spans, longer_first):
    from analysis.skills.rule_checks import shadowed_hits

    # As the automaton gives them: by end (of two ending together, either may come first),
    # each hit its own form index.
    hits = [(start, start + size, i) for i, (start, size, _) in enumerate(spans)]
    hits.sort(key=lambda h: (h[1], h[0] if longer_first else -h[0]))
    rule_of = [object() if ruled else None for _, _, ruled in spans]
    shadowed = shadowed_hits(hits, _ruled_at(hits, rule_of), rule_of, 10)
    assert shadowed == _shadowed_by_brute_force(hits, rule_of)


def test_shadowed_hits_spares_the_rule_inside_a_longer_name():
    from analysis.skills.rule_checks import shadowed_hits

    rule = object()
    # "oracle cloud": "oracle" (ruled, 0-6) inside "oracle cloud" (0-12); "cloud" (7-12).
    hits = [(0, 6, 0), (7, 12, 1), (0, 12, 2)]
    assert shadowed_hits(hits, [0], [rule, None, None], 12) == {0}
    # "microsoft excel" (0-15) before the ruled "excel" (10-15) that ends with it.
    assert shadowed_hits([(0, 15, 0), (10, 15, 1)], [1], [None, rule], 15) == {1}
    # A shorter name across it (7-16) changes nothing; a longer one (7-20) may win the
    # longest-match step, so the rule inside must be judged after all.
    assert shadowed_hits(hits + [(7, 16, 3)], [0], [rule, None, None, None], 13) == {0}
    assert shadowed_hits(hits + [(7, 20, 3)], [0], [rule, None, None, None], 13) == set()
