namespace Penchant.Storage.Sqlite;

/// <summary>
/// The schema as an ordered list of migrations. A new step is appended, never edited once released.
/// </summary>
/// <remarks>
/// Users and items referenced by events get integer surrogate keys (<c>user_keys</c>, <c>item_keys</c>) so that the
/// events table and its indexes stay narrow; keys are never deleted, so a key always means the same id.
/// Timestamps are Unix microseconds (UTC); lists and dictionaries are JSON text; prices are decimal text.
/// Events have no index on time alone: it would be a random insert per event and costs bulk appends about a third
/// of their speed, while the only readers by time (a full stream for training, retention) scan and sort anyway.
/// </remarks>
internal static class SqliteSchema
{
    public const string VersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER PRIMARY KEY,
            description TEXT NOT NULL,
            applied_at TEXT NOT NULL
        );
        """;

    public static IReadOnlyList<SqliteMigration> Migrations { get; } =
    [
        new(1, "items, users, surrogate keys and events", """
            CREATE TABLE items (
                id TEXT PRIMARY KEY NOT NULL,
                title TEXT NOT NULL,
                description TEXT,
                category_path TEXT,
                brand TEXT,
                price TEXT,
                tags TEXT,
                attributes TEXT,
                image_url TEXT,
                available INTEGER NOT NULL,
                created_at INTEGER
            ) WITHOUT ROWID;
            CREATE TABLE users (
                id TEXT PRIMARY KEY NOT NULL,
                attributes TEXT,
                consent_personalization INTEGER,
                consent_profiling INTEGER
            ) WITHOUT ROWID;
            CREATE TABLE user_keys (key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
            CREATE TABLE item_keys (key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
            CREATE TABLE events (
                seq INTEGER PRIMARY KEY,
                event_id TEXT NOT NULL UNIQUE,
                user_key INTEGER NOT NULL,
                item_key INTEGER,
                type TEXT NOT NULL,
                ts INTEGER NOT NULL,
                value REAL,
                text TEXT
            );
            CREATE INDEX events_user_ts ON events (user_key, ts);
            """),
        new(2, "events.session_id", """
            ALTER TABLE events ADD COLUMN session_id TEXT;
            """),
        new(3, "append-only audit log; privacy budget spent per consumer", """
            CREATE TABLE audit_log (
                seq INTEGER PRIMARY KEY,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                at INTEGER NOT NULL,
                details TEXT,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            CREATE TABLE privacy_budget (
                consumer TEXT PRIMARY KEY NOT NULL,
                epsilon REAL NOT NULL,
                delta REAL NOT NULL
            ) WITHOUT ROWID;
            """),
        new(4, "served interest clusters, so their ids survive a restart", """
            CREATE TABLE interest_clusters (
                id INTEGER PRIMARY KEY,
                label TEXT NOT NULL,
                categories TEXT NOT NULL,
                keywords TEXT NOT NULL,
                members TEXT NOT NULL
            );
            CREATE TABLE interest_cluster_state (
                singleton INTEGER PRIMARY KEY CHECK (singleton = 0),
                next_id INTEGER NOT NULL
            );
            """),
        new(5, "impression log of served slates, for off-policy evaluation", """
            CREATE TABLE impressions (
                seq INTEGER PRIMARY KEY,
                slate_id TEXT NOT NULL,
                user_key INTEGER NOT NULL,
                item_key INTEGER NOT NULL,
                ts INTEGER NOT NULL,
                position INTEGER NOT NULL,
                explore INTEGER NOT NULL,
                cluster TEXT,
                propensity REAL NOT NULL,
                model_version INTEGER NOT NULL
            );
            CREATE INDEX impressions_user ON impressions (user_key);
            """),
        new(6, "store revision: grows with every write that changes items, users or events", """
            CREATE TABLE store_revision (
                singleton INTEGER PRIMARY KEY CHECK (singleton = 0),
                store TEXT NOT NULL,
                value INTEGER NOT NULL,
                deletions INTEGER NOT NULL
            );
            INSERT INTO store_revision (singleton, store, value, deletions) VALUES (0, lower(hex(randomblob(16))), 1, 0);
            """),
        new(7, "events.price: the unit price paid on a cart or purchase", """
            ALTER TABLE events ADD COLUMN price TEXT;
            """),
        new(8, "merchandising campaigns", """
            CREATE TABLE campaigns (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT,
                boosts TEXT NOT NULL,
                starts_at INTEGER,
                ends_at INTEGER,
                enabled INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        new(9, "impressions.placement: where the shop showed the slate", """
            ALTER TABLE impressions ADD COLUMN placement TEXT;
            """),
        new(10, "placements: list settings per place in the shop", """
            CREATE TABLE placements (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT,
                settings TEXT NOT NULL,
                updated_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        new(11, "campaigns.placements: the placements a campaign applies to", """
            ALTER TABLE campaigns ADD COLUMN placements TEXT;
            """),
        new(12, "synonyms: words catalogue search reads as one another", """
            CREATE TABLE synonyms (
                id TEXT PRIMARY KEY NOT NULL,
                words TEXT NOT NULL,
                one_way INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
    ];

    /// <summary>The version a freshly initialised store is at.</summary>
    public static int CurrentVersion => Migrations[^1].Version;
}
