namespace Penchant.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema as an ordered list of migrations. A new step is appended, never edited once released.
/// </summary>
/// <remarks>
/// The layout follows the SQLite store's: users and items referenced by events and impressions get bigint surrogate
/// keys (<c>user_keys</c>, <c>item_keys</c>) so that the big tables stay narrow, and item keys are never deleted.
/// Ids use the "C" collation, so they sort by code point as in SQLite, whatever the database's default collation.
/// Timestamps are <c>timestamptz</c> at microsecond precision (read back in UTC), lists are <c>text[]</c>,
/// dictionaries <c>jsonb</c>, prices <c>numeric</c> (which keeps the scale written). As in SQLite, events have no
/// index on time alone; <c>events_user_ts</c> ends in <c>seq</c> so a user's newest events need no sort.
/// </remarks>
internal static class PostgresSchema
{
    /// <summary>The migrations, with tables qualified by <paramref name="schema"/> (already quoted).</summary>
    public static IReadOnlyList<PostgresMigration> Migrations(string schema) =>
    [
        new(1, "items, users, surrogate keys and events", $"""
            CREATE TABLE {schema}.items (
                id text COLLATE "C" PRIMARY KEY,
                title text NOT NULL,
                description text,
                category_path text[],
                brand text,
                price numeric,
                tags text[],
                attributes jsonb,
                image_url text,
                available boolean NOT NULL,
                created_at timestamptz
            );
            CREATE TABLE {schema}.users (
                id text COLLATE "C" PRIMARY KEY,
                attributes jsonb,
                consent_personalization boolean,
                consent_profiling boolean
            );
            CREATE TABLE {schema}.user_keys (key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text COLLATE "C" NOT NULL UNIQUE);
            CREATE TABLE {schema}.item_keys (key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text COLLATE "C" NOT NULL UNIQUE);
            CREATE TABLE {schema}.events (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                event_id text COLLATE "C" NOT NULL UNIQUE,
                user_key bigint NOT NULL,
                item_key bigint,
                type text NOT NULL,
                ts timestamptz NOT NULL,
                value double precision,
                text text,
                session_id text
            );
            CREATE INDEX events_user_ts ON {schema}.events (user_key, ts, seq);
            """),
        new(2, "append-only audit log; privacy budget spent per consumer", $"""
            CREATE TABLE {schema}.audit_log (
                seq bigint PRIMARY KEY,
                actor text NOT NULL,
                action text NOT NULL,
                target text NOT NULL,
                at timestamptz NOT NULL,
                details jsonb,
                previous_hash text NOT NULL,
                hash text NOT NULL
            );
            CREATE FUNCTION {schema}.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
            CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON {schema}.audit_log
                FOR EACH ROW EXECUTE FUNCTION {schema}.audit_log_append_only();
            CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON {schema}.audit_log
                FOR EACH STATEMENT EXECUTE FUNCTION {schema}.audit_log_append_only();
            CREATE TABLE {schema}.privacy_budget (
                consumer text COLLATE "C" PRIMARY KEY,
                epsilon double precision NOT NULL,
                delta double precision NOT NULL
            );
            """),
        new(3, "served interest clusters, so their ids survive a restart", $"""
            CREATE TABLE {schema}.interest_clusters (
                id integer PRIMARY KEY,
                label text NOT NULL,
                categories text[] NOT NULL,
                keywords text[] NOT NULL,
                members text[] NOT NULL
            );
            CREATE TABLE {schema}.interest_cluster_state (
                singleton integer PRIMARY KEY CHECK (singleton = 0),
                next_id integer NOT NULL
            );
            """),
        new(4, "impression log of served slates, for off-policy evaluation", $"""
            CREATE TABLE {schema}.impressions (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                slate_id text NOT NULL,
                user_key bigint NOT NULL,
                item_key bigint NOT NULL,
                ts timestamptz NOT NULL,
                position integer NOT NULL,
                explore boolean NOT NULL,
                cluster text,
                propensity double precision NOT NULL,
                model_version bigint NOT NULL
            );
            CREATE INDEX impressions_user ON {schema}.impressions (user_key);
            """),
        new(5, "the server's saved serving snapshot, in parts", $"""
            CREATE TABLE {schema}.serving_snapshot (
                part integer PRIMARY KEY,
                data bytea NOT NULL
            );
            """),
        new(RevisionVersion, "store revision: grows with every write that changes items, users or events", $"""
            CREATE TABLE {schema}.store_revision (
                singleton integer PRIMARY KEY CHECK (singleton = 0),
                store text NOT NULL,
                value bigint NOT NULL,
                deletions bigint NOT NULL
            );
            INSERT INTO {schema}.store_revision (singleton, store, value, deletions) VALUES (0, replace(gen_random_uuid()::text, '-', ''), 1, 0);
            """),
        new(7, "events.price: the unit price paid on a cart or purchase", $"""
            ALTER TABLE {schema}.events ADD COLUMN price numeric;
            """),
        new(8, "merchandising campaigns", $"""
            CREATE TABLE {schema}.campaigns (
                id text COLLATE "C" PRIMARY KEY,
                name text,
                boosts jsonb NOT NULL,
                starts_at timestamptz,
                ends_at timestamptz,
                enabled boolean NOT NULL,
                updated_at timestamptz NOT NULL
            );
            """),
        new(9, "impressions.placement: where the shop showed the slate", $"""
            ALTER TABLE {schema}.impressions ADD COLUMN placement text;
            """),
        new(10, "placements: list settings per place in the shop", $"""
            CREATE TABLE {schema}.placements (
                id text COLLATE "C" PRIMARY KEY,
                name text,
                settings text NOT NULL,
                updated_at timestamptz NOT NULL
            );
            """),
        new(11, "campaigns.placements: the placements a campaign applies to", $"""
            ALTER TABLE {schema}.campaigns ADD COLUMN placements text[];
            """),
        new(12, "synonyms: words catalogue search reads as one another", $"""
            CREATE TABLE {schema}.synonyms (
                id text COLLATE "C" PRIMARY KEY,
                words text[] NOT NULL,
                one_way boolean NOT NULL,
                updated_at timestamptz NOT NULL
            );
            """),
    ];

    /// <summary>The version that added <c>store_revision</c>.</summary>
    public const int RevisionVersion = 6;

    /// <summary>The version a freshly initialised store is at.</summary>
    public static int CurrentVersion { get; } = Migrations("s")[^1].Version;

    /// <summary>The tables that hold a shopper's id or rows keyed by it: what erasure deletes from and then vacuums.</summary>
    public static IReadOnlyList<string> ErasedTables { get; } = ["events", "impressions", "users", "user_keys", "serving_snapshot"];
}
