namespace Penchant.Server.Options;

/// <summary>The PostgreSQL server behind <c>Penchant:Store=postgres</c> (section <c>Penchant:Postgres</c>).</summary>
public sealed class PostgresServerOptions
{
    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Username=penchant;Password=...;Database=penchant</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The schema that holds Penchant's tables (created on first start when the user may).</summary>
    public string Schema { get; set; } = "penchant";
}
