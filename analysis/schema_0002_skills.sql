-- Migration 0002: skill extraction state, user taxonomy additions and market aggregates.
-- Written by analysis/skills/sync.py and analysis/demand*.py. Never edit after release.

-- Which postings the extractor has seen, and with which extractor version (taxonomy + context
-- rules). A posting without a row for the current version is pending.
CREATE TABLE extracted_postings (
    posting_id VARCHAR PRIMARY KEY,
    taxonomy_version VARCHAR NOT NULL
);

-- The user's own taxonomy additions (custom skills, ESCO, O*NET): the source of truth that
-- active_taxonomy() merges into the built-in taxonomy. `skills` / `skill_aliases` hold the
-- merged result and are rewritten whenever the merged version changes.
CREATE TABLE user_skills (
    skill_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,          -- esco | onet | custom
    external_id VARCHAR
);

CREATE TABLE user_skill_aliases (
    alias VARCHAR NOT NULL,
    skill_id VARCHAR NOT NULL
);

-- External demand signals (O*NET Technology Skills), keyed by the active taxonomy's skill_id.
CREATE TABLE external_signals (
    skill_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,          -- onet
    external_name VARCHAR NOT NULL,   -- the name as the source spells it
    hot_technology BOOLEAN,           -- O*NET "Hot Technology" for any occupation
    in_demand BOOLEAN,                -- O*NET "In Demand" for any occupation
    occupations INTEGER,              -- O*NET-SOC occupations listing it
    in_demand_occupations INTEGER,    -- ... of which mark it In Demand
    PRIMARY KEY (external_name, source)
);

-- Precomputed market aggregates (rebuilt after every extraction) so unfiltered market queries
-- over a million postings answer from a few thousand rows. month is NULL for undated postings.
CREATE TABLE month_counts (
    month DATE,
    postings INTEGER NOT NULL
);

CREATE TABLE skill_month_counts (
    month DATE,
    skill_id VARCHAR NOT NULL,
    postings INTEGER NOT NULL
);

-- A compact copy of postings and posting_skills for filtered market queries: the columns a
-- MarketFilter reads, an integer key (joins two to three times faster than the text
-- posting_id), the month, and the salary midpoint with its currency.
CREATE TABLE market_postings (
    pkey INTEGER NOT NULL,
    posting_id VARCHAR NOT NULL,
    title VARCHAR,
    company VARCHAR,
    location VARCHAR,
    is_remote BOOLEAN,
    date_posted DATE,
    month DATE,
    salary DOUBLE,                    -- midpoint of the annualised salary_min / salary_max
    currency VARCHAR                  -- salary_currency, '' when not given
);

CREATE TABLE market_links (
    pkey INTEGER NOT NULL,
    skill_id VARCHAR NOT NULL
);

-- Role clusters (analysis/demand_clusters.py): one row per posting and one per cluster.
CREATE TABLE posting_clusters (
    posting_id VARCHAR NOT NULL,
    cluster_id INTEGER NOT NULL
);

CREATE TABLE role_cluster_labels (
    cluster_id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    top_terms VARCHAR NOT NULL        -- the ten heaviest terms of the cluster centre, ", "-joined
);
