using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests;

/// <summary>
/// The server in memory over its own temporary SQLite file, with two test keys and no scheduled training.
/// One per test: no state is shared between tests.
/// </summary>
public sealed class PenchantServerFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string IngestKey = "test-ingest-key-0123456789";

    /// <summary>The pseudonym key of every test server (32 random-looking bytes, hex).</summary>
    public const string PseudonymKey = "hex:5f1c2a9e7b3d4c6e8a0b1d2f3e4c5b6a7980a1b2c3d4e5f60718293a4b5c6d7e";

    private static readonly Penchant.Core.Privacy.Pseudonymizer TestPseudonymizer = Penchant.Core.Privacy.Pseudonymizer.FromConfiguration(PseudonymKey);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "penchant-server-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;

    private readonly ILoggerProvider? _logs;

    /// <summary>
    /// A server running one A/B test, <paramref name="experiment"/>, of two arms: <paramref name="control"/>, and
    /// <paramref name="variant"/> with its <paramref name="setting"/> set to <paramref name="value"/>.
    /// </summary>
    public static PenchantServerFactory WithTwoArms(string experiment, string control, string variant, string setting, string value) =>
        new(new Dictionary<string, string?>
        {
            ["Penchant:Experiment:Name"] = experiment,
            ["Penchant:Experiment:Variants:0:Name"] = control,
            ["Penchant:Experiment:Variants:1:Name"] = variant,
            [$"Penchant:Experiment:Variants:1:{setting}"] = value,
        });

    /// <summary>A server over a fresh temporary database.</summary>
    /// <param name="settings">Settings over the defaults.</param>
    /// <param name="withKeys">Whether to configure the two test API keys.</param>
    /// <param name="logs">A provider that receives every log message (for tests that read the logs).</param>
    public PenchantServerFactory(IReadOnlyDictionary<string, string?>? settings = null, bool withKeys = true, ILoggerProvider? logs = null)
    {
        _logs = logs;
        System.IO.Directory.CreateDirectory(_directory);
        DatabasePath = Path.Combine(_directory, "penchant.db");
        _settings = new Dictionary<string, string?>
        {
            ["Penchant:DatabasePath"] = DatabasePath,
            ["Penchant:TrainingInterval"] = "00:00:00",
            ["Penchant:Privacy:PseudonymKey"] = PseudonymKey,

            // Tests of the exploit ranking run without explore slots; exploration tests turn them on.
            ["Penchant:Exploration:Share"] = "0",
        };
        if (withKeys)
        {
            _settings["Penchant:ApiKeys:0:Key"] = AdminKey;
            _settings["Penchant:ApiKeys:0:Role"] = "admin";
            _settings["Penchant:ApiKeys:0:Name"] = "test-admin";
            _settings["Penchant:ApiKeys:1:Key"] = IngestKey;
            _settings["Penchant:ApiKeys:1:Role"] = "ingest";
            _settings["Penchant:ApiKeys:1:Name"] = "test-ingest";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>The pseudonym under which the test server stores <paramref name="userId"/>.</summary>
    public static string Pseudonym(string userId) => TestPseudonymizer.Pseudonymize(userId);

    /// <summary>The configuration this server starts with (null values are left unset).</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>The folder holding the database (and nothing else of the test's).</summary>
    public string Directory => _directory;

    /// <summary>The SQLite file this server uses.</summary>
    public string DatabasePath { get; }

    /// <summary>A client sending <paramref name="key"/> in X-Api-Key (none when null).</summary>
    public HttpClient Client(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    public HttpClient Admin() => Client(AdminKey);

    public HttpClient Ingest() => Client(IngestKey);

    /// <summary>Trains now and returns the model status once the new model serves.</summary>
    public async Task<ModelStatus> TrainAsync()
    {
        using var admin = Admin();
        var response = await admin.PostAsync("/v1/admin/train?wait=true", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ModelStatus>())!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(_logs is null ? LogLevel.Warning : LogLevel.Trace);
            if (_logs is not null)
            {
                logging.AddProvider(_logs);
            }
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean up.
        }
    }
}
