-- Migration 0001: the initial workspace schema. Applied by analysis/store.py inside one
-- transaction together with its schema_version record. Never edit after release: add a migration.

CREATE TABLE workspace_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE SEQUENCE import_id_seq START 1;
CREATE TABLE imports (
    import_id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,            -- postings | contacts | interactions | profile | linkedin-archive | taxonomy
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    file_format VARCHAR,              -- detected format, e.g. jobspy-csv, linkedin-connections, vcard
    rows_read INTEGER NOT NULL DEFAULT 0,
    rows_added INTEGER NOT NULL DEFAULT 0,
    rows_updated INTEGER NOT NULL DEFAULT 0,
    rows_duplicate INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    notes VARCHAR,                    -- summary lines, e.g. "134 messages with people not in contacts"
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);

CREATE TABLE import_rejections (
    import_id INTEGER NOT NULL,
    line INTEGER,                     -- 1-based line (or record number) in the source file
    column_name VARCHAR,
    reason VARCHAR NOT NULL
);

-- No PRIMARY KEY on posting_id: maintaining the index halves bulk-import speed, and the
-- importer's anti-join already guarantees one row per id.
CREATE TABLE postings (
    posting_id VARCHAR NOT NULL,      -- stable hash, see analysis/ingest/posting_ids.py
    source VARCHAR,                   -- e.g. indeed, linkedin, glassdoor, file name stem
    external_id VARCHAR,
    url VARCHAR,
    title VARCHAR,
    company VARCHAR,
    location VARCHAR,
    is_remote BOOLEAN,
    date_posted DATE,
    job_type VARCHAR,
    salary_min DOUBLE,                -- annualised
    salary_max DOUBLE,                -- annualised
    salary_currency VARCHAR,
    salary_interval VARCHAR,          -- the interval the source gave (hourly, yearly, ...)
    description VARCHAR,
    skills_list VARCHAR,              -- a pre-extracted skills list as the source gave it
    import_id INTEGER NOT NULL
);

CREATE TABLE skills (
    skill_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    origin VARCHAR NOT NULL DEFAULT 'builtin',   -- builtin | esco | onet | custom
    external_id VARCHAR
);

CREATE TABLE skill_aliases (
    alias VARCHAR NOT NULL,
    skill_id VARCHAR NOT NULL
);

-- No PRIMARY KEY: at a million postings the index made re-extraction take minutes; the
-- extractor's batch function already yields one row per (posting, skill).
CREATE TABLE posting_skills (
    posting_id VARCHAR NOT NULL,
    skill_id VARCHAR NOT NULL,
    mentions INTEGER NOT NULL
);

CREATE SEQUENCE contact_id_seq START 1;
CREATE TABLE contacts (
    contact_id INTEGER PRIMARY KEY,
    full_name VARCHAR NOT NULL,
    first_name VARCHAR,
    last_name VARCHAR,
    email VARCHAR,                    -- normalised (lower-case, trimmed)
    phone VARCHAR,
    company VARCHAR,
    position VARCHAR,
    profile_url VARCHAR,              -- normalised LinkedIn URL where known
    connected_on DATE,
    source VARCHAR NOT NULL,          -- first source: linkedin | google | outlook | vcard | manual
    tier VARCHAR,                     -- inner | important | broad (NULL = derived)
    strength_rating INTEGER,          -- the user's own 1-5 rating
    tags VARCHAR,                     -- comma-separated labels / groups
    snoozed_until DATE,
    notes VARCHAR,
    import_id INTEGER,                -- the import that created it
    updated_import_id INTEGER
);

-- Every source record that was merged into a contact, so re-imports find it again.
CREATE TABLE contact_sources (
    contact_id INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    source_key VARCHAR NOT NULL,      -- e.g. normalised URL, e-mail, or name|company
    import_id INTEGER NOT NULL
);

-- Job changes (company / position) detected between two imports of the same source.
CREATE TABLE contact_changes (
    contact_id INTEGER NOT NULL,
    import_id INTEGER NOT NULL,
    field VARCHAR NOT NULL,           -- company | position
    old_value VARCHAR,
    new_value VARCHAR,
    detected_at TIMESTAMP NOT NULL
);

CREATE SEQUENCE interaction_id_seq START 1;
CREATE TABLE interactions (
    interaction_id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    channel VARCHAR NOT NULL,         -- linkedin | email | call | meeting | event | in_person | message | other
    direction VARCHAR,                -- outbound | inbound | mutual
    note VARCHAR,
    source VARCHAR NOT NULL,          -- linkedin-messages | linkedin-invitations | manual | ...
    dedupe_key VARCHAR,               -- stable key so re-imports add nothing
    import_id INTEGER
);

CREATE TABLE profile (
    key VARCHAR PRIMARY KEY,          -- first_name, last_name, headline, summary, birth_date, birth_year, industry, location
    value VARCHAR,
    import_id INTEGER
);

CREATE TABLE profile_skills (
    skill VARCHAR PRIMARY KEY,        -- the user's wording; mapped to the taxonomy by analysis
    proficiency INTEGER,              -- self-rated 1-5
    last_used DATE,
    last_used_source VARCHAR,         -- profile | position:<company> | endorsement | linkedin-skills
    years DOUBLE,
    wants_to_grow BOOLEAN,
    source VARCHAR NOT NULL,          -- profile-file | linkedin-skills | manual
    import_id INTEGER
);

CREATE TABLE endorsements (
    skill VARCHAR NOT NULL,
    endorser VARCHAR,
    endorsed_on DATE,
    import_id INTEGER
);

CREATE SEQUENCE position_id_seq START 1;
CREATE TABLE positions (
    position_id INTEGER PRIMARY KEY,
    company VARCHAR NOT NULL,
    title VARCHAR,
    description VARCHAR,
    location VARCHAR,
    started_on DATE,
    finished_on DATE,                 -- NULL = current
    import_id INTEGER
);

CREATE SEQUENCE target_id_seq START 1;
CREATE TABLE targets (
    target_id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,            -- company | role | location
    value VARCHAR NOT NULL,
    priority INTEGER,
    source VARCHAR NOT NULL DEFAULT 'manual',
    notes VARCHAR
);

CREATE SEQUENCE goal_id_seq START 1;
CREATE TABLE goals (
    goal_id INTEGER PRIMARY KEY,
    category VARCHAR NOT NULL,        -- skills | network | job search | finances
    title VARCHAR NOT NULL,
    due_date DATE,
    status VARCHAR NOT NULL DEFAULT 'open',   -- open | done | dropped
    notes VARCHAR
);

CREATE SEQUENCE milestone_id_seq START 1;
CREATE TABLE milestones (
    milestone_id INTEGER PRIMARY KEY,
    goal_id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    due_date DATE,
    status VARCHAR NOT NULL DEFAULT 'open',
    completed_on DATE
);

CREATE TABLE finances (
    key VARCHAR PRIMARY KEY,          -- liquid_savings, retirement_savings, monthly_expenses, ...
    value DOUBLE,
    updated_at TIMESTAMP
);

CREATE SEQUENCE income_stream_id_seq START 1;
CREATE TABLE income_streams (
    stream_id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR,                     -- salary | consulting | rental | dividends | pension | other
    monthly_amount DOUBLE NOT NULL,
    continues_without_job BOOLEAN NOT NULL DEFAULT FALSE
);
