namespace Penchant.Server.Options;

/// <summary>What <c>penchant serve</c> passes to <see cref="PenchantServerHost.RunAsync"/>.</summary>
/// <param name="DatabasePath">The SQLite file.</param>
/// <param name="Urls">Addresses to listen on, separated by ';'.</param>
/// <param name="InsecureDev">Serve without API keys (every caller is admin).</param>
/// <param name="Recommender">The recommender name, or null for the configured one.</param>
/// <param name="ApiKeys">Keys added to the configured ones.</param>
/// <param name="PseudonymKeyFile">A file holding the pseudonym key, or null for the configured key.</param>
/// <param name="PostgresConnectionString">A PostgreSQL database to keep the data in instead of the SQLite file, or null.</param>
/// <param name="PostgresSchema">The schema of that database that holds the tables.</param>
/// <param name="Settings">Further configuration settings as <c>--Penchant:Name=value</c>, applied after the rest, so they win.</param>
public sealed record ServeOptions(
    string DatabasePath = "penchant.db",
    string Urls = "http://127.0.0.1:5080",
    bool InsecureDev = false,
    string? Recommender = null,
    IReadOnlyList<ApiKeyOptions>? ApiKeys = null,
    string? PseudonymKeyFile = null,
    string? PostgresConnectionString = null,
    string PostgresSchema = "penchant",
    IReadOnlyList<string>? Settings = null);
