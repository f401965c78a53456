using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Penchant.Storage.Sqlite;

/// <summary>
/// Finds or creates the surrogate key of a user or item id (<c>user_keys</c>, <c>item_keys</c>) with two raw prepared
/// statements on the write connection. It runs for every id the in-memory key cache misses, which in a bulk load is
/// every new shopper and item, so it skips the ADO.NET layer as <see cref="SqliteEventInsert"/> does.
/// </summary>
/// <remarks>
/// The insert comes first (<c>ON CONFLICT DO NOTHING RETURNING key</c>): an id missing from the cache is most often
/// new, and then one statement does. Only an id stored before the cache last saw it (after a restart) needs the select.
/// Runs inside whatever transaction the connection has open.
/// </remarks>
internal sealed class SqliteKeyLookup : IDisposable
{
    private readonly sqlite3 _db;
    private readonly string _table;
    private readonly sqlite3_stmt _insert;
    private readonly sqlite3_stmt _select;

    /// <summary>Prepares the statements for <paramref name="table"/> (<c>user_keys</c> or <c>item_keys</c>).</summary>
    public SqliteKeyLookup(SqliteConnection connection, string table)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        _table = table;
        Check(raw.sqlite3_prepare_v2(_db, $"INSERT INTO {table} (id) VALUES (?1) ON CONFLICT (id) DO NOTHING RETURNING key", out _insert));
        Check(raw.sqlite3_prepare_v2(_db, $"SELECT key FROM {table} WHERE id = ?1", out _select));
    }

    /// <summary>The key of <paramref name="id"/>; <paramref name="created"/> tells whether this call created it.</summary>
    public long GetOrCreate(string id, out bool created)
    {
        if (Step(_insert, id) is { } fresh)
        {
            created = true;
            return fresh;
        }

        created = false;
        return Step(_select, id) ?? throw new SqliteException($"The key of '{id}' in {_table} was neither created nor found.", raw.SQLITE_ERROR);
    }

    /// <summary>Runs <paramref name="statement"/> for <paramref name="id"/> to the end; the key of its one row, or null when it returned none.</summary>
    private long? Step(sqlite3_stmt statement, string id)
    {
        try
        {
            raw.sqlite3_bind_text16(statement, 1, id);
            long? key = null;
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                key = raw.sqlite3_column_int64(statement, 0);
            }

            if (rc != raw.SQLITE_DONE)
            {
                throw new SqliteException($"Looking up the key of '{id}' in {_table} failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
            }

            return key;
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"Preparing the key lookup on {_table} failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }
    }

    public void Dispose()
    {
        _insert.Dispose();
        _select.Dispose();
    }
}
