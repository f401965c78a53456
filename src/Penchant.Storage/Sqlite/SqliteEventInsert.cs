using System.Text;
using Microsoft.Data.Sqlite;
using Penchant.Core.Data;
using SQLitePCL;

namespace Penchant.Storage.Sqlite;

/// <summary>
/// The event insert as a raw prepared SQLite statement on the write connection: bulk appends spend most of their
/// time binding parameters, and binding directly skips the per-call checks and conversions of the ADO.NET layer.
/// Runs inside whatever transaction the connection has open.
/// </summary>
internal sealed class SqliteEventInsert : IDisposable
{
    private const string Sql = """
        INSERT INTO events (event_id, user_key, item_key, type, ts, value, text, session_id, price)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private static readonly byte[][] TypeNames = [.. EventTypes.All.Select(static t => Encoding.UTF8.GetBytes(t.WireName()))];

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteEventInsert(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, Sql, out _statement));
    }

    /// <summary>Inserts one event; 1 when stored, 0 when its id was already there.</summary>
    public int Execute(Event e, long userKey, long? itemKey)
    {
        var s = _statement;
        try
        {
            BindText(s, 1, e.EventId);
            raw.sqlite3_bind_int64(s, 2, userKey);
            if (itemKey is { } item)
            {
                raw.sqlite3_bind_int64(s, 3, item);
            }
            else
            {
                raw.sqlite3_bind_null(s, 3);
            }

            raw.sqlite3_bind_text(s, 4, TypeNames[(int)e.Type]);
            raw.sqlite3_bind_int64(s, 5, StoredValues.ToUnixMicros(e.Timestamp));
            if (e.Value is { } value)
            {
                raw.sqlite3_bind_double(s, 6, value);
            }
            else
            {
                raw.sqlite3_bind_null(s, 6);
            }

            BindText(s, 7, e.Text);
            BindText(s, 8, e.SessionId);
            BindText(s, 9, e.Price is { } price ? price.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
            var rc = raw.sqlite3_step(s);
            if (rc != raw.SQLITE_DONE)
            {
                throw new SqliteException($"Appending event '{e.EventId}' failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(s);
        }
    }

    private static void BindText(sqlite3_stmt s, int index, string? text)
    {
        if (text is null)
        {
            raw.sqlite3_bind_null(s, index);
        }
        else
        {
            raw.sqlite3_bind_text16(s, index, text);
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"Preparing the event insert failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }
    }

    public void Dispose() => _statement.Dispose();
}
