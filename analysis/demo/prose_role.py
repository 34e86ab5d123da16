"""Job-ad text about the role: teams, introductions, responsibilities and who it reports to (in
FAMILIES order), then the wording of required and nice-to-have skills."""

from __future__ import annotations

TEAMS = (
    ("Analytics", "Business Intelligence", "Insights", "Enterprise Reporting"),
    ("Data Platform", "Data Engineering", "Data Foundations"),
    ("Product Engineering", "Platform", "Digital", "Customer Platform"),
    ("Infrastructure", "Cloud Platform", "Site Reliability"),
    ("Data Science", "Advanced Analytics", "Applied AI"),
    ("Product", "Transformation Office", "Program Management Office"),
    ("Finance", "FP&A", "Corporate Finance"),
    ("Operations", "Supply Chain", "Distribution"),
)
ENJOYS = (
    "turning messy data into decisions", "building reliable data systems",
    "shipping software that customers love", "automating everything twice",
    "solving ambiguous problems with data", "bringing people together to get things done",
    "numbers that tell a story", "making complex operations run smoothly",
)  # fmt: skip

INTROS = (
    "We are looking for a {title} to join our {team} team{where}.",
    "{company} is hiring a {title}{where}. You will join the {team} team, {n} people who care "
    "about doing things properly.",
    "As our new {title}, you will sit at the centre of the {team} group and help shape how "
    "{company} makes decisions.",
    "This is an opportunity for a {title} to make a visible difference at {company}. The role "
    "is part of our {team} team{where}.",
    "Our {team} team is growing, and we need a {title} who enjoys {enjoys}.",
    "Do you enjoy {enjoys}? {company} is looking for a {title} for the {team} team{where}.",
)

RESPONSIBILITIES = (
    (
        "Turn loosely worded business questions into well-defined analyses and clear "
        "recommendations.",
        "Build and maintain the dashboards and recurring reports that leaders rely on every week.",
        "Partner with finance, operations and product teams to define KPIs and keep their "
        "definitions consistent.",
        "Investigate anomalies in the numbers and explain what changed and why.",
        "Automate manual reporting so the team spends its time on analysis, not copy and paste.",
        "Design and evaluate A/B tests and other experiments with the product team.",
        "Document data sources, metric definitions and known caveats for colleagues.",
        "Present findings to senior leaders in plain language, with the right level of detail.",
        "Work with data engineers to improve the quality and timeliness of source data.",
        "Support ad hoc requests during planning season and quarter-end close.",
        "Profile customer, claims and sales data to find opportunities worth pursuing.",
        "Own a portfolio of self-service reports and retire the ones nobody uses.",
    ),
    (
        "Design, build and operate batch and streaming data pipelines.",
        "Model raw data into clean, well-documented tables for analysts and data scientists.",
        "Monitor pipeline health, data freshness and cost, and fix issues before users notice.",
        "Work with source-system owners to understand schemas, changes and service levels.",
        "Improve data quality with automated tests, alerts and clear ownership.",
        "Contribute to architecture decisions for the company's data platform.",
        "Migrate legacy jobs from on-premise servers to the cloud.",
        "Tune slow queries and storage layouts to keep warehouse spend in check.",
        "Write runbooks and take part in a light on-call rotation.",
        "Review code and share good engineering practice with the wider team.",
        "Partner with security so that sensitive data is masked and access is audited.",
    ),
    (
        "Design, build and ship features across the stack in small, frequent increments.",
        "Write clean, well-tested code and review your colleagues' pull requests.",
        "Collaborate with product managers and designers from idea to release.",
        "Improve the performance, reliability and accessibility of customer-facing applications.",
        "Break large pieces of work into plans the team can deliver.",
        "Take part in on-call and help the team learn from incidents.",
        "Modernise legacy components without disrupting customers.",
        "Contribute to technical design documents and architecture reviews.",
        "Instrument services so that problems are visible before customers report them.",
        "Work with support to reproduce and fix customer-reported issues.",
    ),
    (
        "Build and run the infrastructure that hosts our customer-facing and internal services.",
        "Automate provisioning, deployments and routine operations.",
        "Define and track service-level objectives with engineering teams.",
        "Run incident response and write blameless post-incident reviews.",
        "Harden our environments: patching, secrets management and network policies.",
        "Keep cloud spend visible and under control.",
        "Help product teams adopt self-service tooling and paved paths.",
        "Plan capacity and run disaster-recovery exercises.",
        "Shorten build and release times across the organisation.",
        "Evaluate new managed services and decide what to build and what to buy.",
    ),
    (
        "Frame business problems as modelling problems and agree on how success will be measured.",
        "Build, validate and deploy predictive models with engineering partners.",
        "Run experiments and explain the results, including the uncertainty.",
        "Explore large datasets to find signal, and tell the story of what you found.",
        "Monitor models in production for drift, bias and degraded accuracy.",
        "Prototype new AI-assisted features with product teams.",
        "Write clear technical documentation and share knowledge across teams.",
        "Work with experts in underwriting, pricing or claims to encode what they know.",
        "Contribute to reusable feature pipelines and modelling libraries.",
    ),
    (
        "Own the roadmap for a product area and explain the why behind it.",
        "Plan and run cross-functional projects from kickoff to launch.",
        "Keep scope, schedule, risks and dependencies visible to everyone involved.",
        "Talk to customers and internal users every week and turn what you learn into priorities.",
        "Write crisp requirements and acceptance criteria with engineering.",
        "Run steering meetings and status reporting for senior sponsors.",
        "Manage vendors and contracts for the programme.",
        "Define success metrics and follow up after launch.",
        "Coordinate change management and training for affected teams.",
        "Resolve conflicts between competing priorities with data and judgement.",
    ),
    (
        "Prepare the monthly, quarterly and annual forecasts and explain variances.",
        "Build models that support pricing, investment and headcount decisions.",
        "Partner with department heads on their plans and spending.",
        "Produce board and executive reporting packs.",
        "Improve the month-end close process and its controls.",
        "Analyse profitability by product, channel and region.",
        "Support audits and regulatory filings with accurate, documented numbers.",
        "Automate recurring reports and reconciliations.",
        "Evaluate business cases and track benefits after approval.",
    ),
    (
        "Run day-to-day operations for a site or region and hit safety, quality and service "
        "targets.",
        "Plan inventory, capacity and labour to meet demand at the lowest cost.",
        "Manage relationships with carriers, suppliers and third-party warehouses.",
        "Run continuous-improvement projects and standardise the best way of working.",
        "Track performance metrics and act quickly on exceptions.",
        "Forecast demand with the commercial team and adjust plans as it changes.",
        "Negotiate contracts and monitor supplier performance.",
        "Work with finance on operating costs and capital requests.",
        "Build a safe, engaged team culture on every shift.",
        "Roll out new systems and processes with minimal disruption.",
    ),
)
BOSSES = (
    ("Director of Analytics", "Chief Data Officer"),
    ("Head of Data Platform",),
    ("Engineering Manager", "VP of Engineering"),
    ("Director of Infrastructure",),
    ("Head of Data Science", "Chief Data Officer"),
    ("VP Product", "Chief Operating Officer"),
    ("Chief Financial Officer", "Director of FP&A"),
    ("VP Operations", "Chief Operating Officer"),
)
PARTNERS = ("finance and operations leaders", "underwriting, claims and actuarial teams",
             "product and engineering", "sales and marketing", "the executive team",
             "colleagues in IT and security", "our regional business units")  # fmt: skip
AREAS = ("data and analytics", "digital products", "cloud infrastructure",
          "operational excellence", "financial planning", "service quality")  # fmt: skip
CONTEXT = (
    "You will report to the {boss} and work closely with {partners}.",
    "The team supports {partners} and is known for careful, well-documented work.",
    "This is a new position, created as part of a broader investment in {area}.",
    "The person in this role becomes a go-to partner for {partners}.",
    "You will report to the {boss}; expect plenty of contact with {partners}.",
    "We are replacing a colleague who was promoted, so you will inherit a well-run area with "
    "room to improve it.",
)

MANAGER_DUTIES = (
    "Hire, coach and grow a team of {n} people.",
    "Set quarterly priorities with business partners and make trade-offs visible.",
    "Own the team's spend, vendor relationships and headcount plan.",
    "Represent the function in senior forums and speak for its work.",
    "Build a culture of ownership and continuous learning.",
)

SKILL_PHRASES = {
    "SQL": ("Advanced SQL: window functions, CTEs and query tuning",
            "Fluency in SQL against large relational datasets"),
    "Python": ("Python for data wrangling and automation",
               "Solid Python skills and clean, tested code"),
    "Excel": ("Advanced Excel: pivot tables, lookups and Power Query",
              "Expert-level Excel skills"),
    "Tableau": ("Building dashboards in Tableau that people actually use",),
    "Power BI": ("Designing Power BI reports and data models",),
    "Large language models": (
        "Experience building features on large language models (LLMs)",
        "Understanding of how Large language models behave, fail and are evaluated",
        "Hands-on work with Large language models through APIs or open-weight models"),
    "Generative AI": (
        "Interest in Generative AI and practical ideas for using it responsibly",
        "Experience taking Generative AI use cases from pilot to production",
        "Familiarity with Generative AI tools and their limits"),
    "Retrieval-augmented generation": (
        "Experience designing retrieval-augmented generation (RAG) pipelines",
        "Knowledge of Retrieval-augmented generation patterns: chunking, embeddings, evaluation"),
    "Kubernetes": ("Running production workloads on Kubernetes",
                   "Operating Kubernetes clusters: upgrades, autoscaling, policies"),
    "Terraform": ("Infrastructure as code with Terraform",
                  "Writing reusable Terraform modules"),
    "dbt": ("Building and testing models in dbt",
            "Experience with dbt: models, tests and documentation"),
    "Snowflake": ("Experience with Snowflake as a cloud data warehouse",),
    "Databricks": ("Experience with Databricks notebooks, jobs and Delta tables",),
    "jQuery": ("Maintaining legacy jQuery front ends",
               "Experience with jQuery and server-rendered pages"),
    "Apache Hadoop": ("Experience with Apache Hadoop clusters (HDFS, Hive, MapReduce)",
                      "Administering or developing on Apache Hadoop"),
    "Adobe Flash": ("Experience migrating legacy Adobe Flash content to HTML5",
                    "Familiarity with Adobe Flash (ActionScript) applications"),
    "Perl": ("Scripting in Perl for automation", "Maintaining existing Perl scripts"),
    "COBOL": ("Ability to read and maintain COBOL programs on the mainframe",
              "COBOL experience for our policy administration systems"),
    "Visual Basic": ("Experience automating reports with Visual Basic macros",
                     "Visual Basic development (VB.NET or VB6)"),
    "SAS": ("Statistical programming in SAS (Base SAS, SAS/STAT)",
            "Experience with SAS for reporting and analysis"),
    "Communication": ("Excellent written and verbal communication skills",
                      "Clear communication with technical and non-technical audiences",
                      "Strong communication skills and a habit of writing things down"),
    "Leadership": ("Proven leadership of small, cross-functional teams",
                   "Leadership experience: hiring, coaching and developing people",
                   "Calm, hands-on leadership when things get busy"),
    "Mentoring": ("You enjoy mentoring less experienced colleagues",
                  "Experience mentoring junior team members"),
    "Stakeholder management": ("Strong stakeholder management up to executive level",
                               "Stakeholder management across business and IT"),
    "Project management": ("Solid project management skills: scope, schedule, risk",
                           "Formal project management training (PMP or similar)"),
    "Budgeting": ("Experience with budgeting and forecasting cycles",
                  "Ownership of budgeting for a team or cost centre"),
    "Financial modelling": ("Strong financial modelling skills",
                            "Experience with financial modelling and scenario analysis"),
    "Agile": ("Experience working in Agile teams", "Comfort with Agile delivery in short iterations"),
    "Scrum": ("Familiarity with Scrum ceremonies and roles",
              "Scrum Master or Product Owner certification"),
    "Six Sigma": ("Six Sigma Green Belt or higher", "Process improvement with Six Sigma methods"),
    "Lean": ("Practical knowledge of Lean principles", "Experience running Lean improvement events"),
    "Statistics": ("A good grounding in statistics: hypothesis tests, regression, sampling",
                   "Applied statistics for experiments and forecasting"),
    "Data governance": ("Understanding of data governance, lineage and access controls",
                        "Experience with data governance programmes"),
    "Data visualization": ("An eye for data visualization and honest charts",
                           "Data visualization best practices"),
    "ETL": ("Designing ETL processes for reliable loads", "Building ETL and ELT pipelines"),
    "Machine learning": ("Applied machine learning: features, validation and monitoring",
                         "Experience taking machine learning models to production"),
    "Git": ("Version control with Git and good code-review habits",),
    "CI/CD": ("Setting up and maintaining CI/CD pipelines",),
    "REST APIs": ("Designing and consuming REST APIs",),
    "microservices": ("Experience with microservices architectures",),
    "Linux": ("Comfort on the Linux command line",),
    "Salesforce": ("Experience with Salesforce data and reporting",),
    "SAP": ("Working knowledge of SAP (S/4HANA or ECC)",),
    "Docker": ("Packaging services with Docker",),
    "prompt engineering": ("Practical prompt engineering for internal tools",),
}  # fmt: skip
SKILL_DISPLAY = {
    "Amazon Web Services": ("Amazon Web Services (AWS)", "Amazon Web Services", "AWS"),
    "Google Cloud Platform": ("Google Cloud Platform (GCP)", "Google Cloud Platform"),
    "Microsoft Azure": ("Microsoft Azure", "Azure"),
    "Financial modelling": ("financial modelling", "financial modelling", "financial modeling"),
}
REQUIRED = (
    "Hands-on experience with {s}", "{n}+ years of experience with {s}",
    "Strong working knowledge of {s}", "Proficiency in {s}",
    "Practical experience using {s} in production", "Comfortable with {s} in day-to-day work",
    "Demonstrated experience with {s}",
)  # fmt: skip
REQUIRED_GROUP = (
    "Experience with {a} and {b}", "Working knowledge of {a}, {b} and {c}",
    "Hands-on experience across {a}, {b} and {c}", "Production experience with {a} and {b}",
)  # fmt: skip
NICE = (
    "Exposure to {s}", "Familiarity with {s}", "Some experience with {s} is a plus",
    "Any exposure to {s}", "Certification or coursework in {s}", "Experience with {s}",
)  # fmt: skip
EMERGING_PHRASES = {
    "agentic workflows": ("Interest in agentic workflows that automate multi-step tasks",
                          "Experience prototyping agentic workflows with a human in the loop"),
    "semantic layer": ("Experience defining shared metrics in a semantic layer",
                       "Familiarity with a semantic layer used across reporting tools"),
    "data contracts": ("Experience introducing data contracts between producing and consuming "
                       "teams", "Familiarity with data contracts that keep shared datasets stable"),
    "vector search": ("Experience with vector search and embeddings",),
}  # fmt: skip
STACK = ("Our stack today: {list}.", "You will work with {list} every day.",
          "Tools you will use: {list}.", "Day to day, the team relies on {list}.")  # fmt: skip
YEARS = (1, 3, 5, 7, 8, 12)
DEGREES = (
    "Bachelor's degree in a quantitative field, or equivalent experience",
    "Degree in computer science, engineering or similar, or equivalent practical experience",
    "Degree in mathematics, economics or a related subject",
    "Bachelor's degree in business, information systems or a related field",
)
