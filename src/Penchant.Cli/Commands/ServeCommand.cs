using System.CommandLine;
using System.Security.Cryptography;
using Penchant.Cli.Engine;
using Penchant.Server;
using Penchant.Server.Options;

namespace Penchant.Cli.Commands;

/// <summary><c>penchant serve</c>: runs the HTTP server over a SQLite file (or a PostgreSQL database) until stopped (Ctrl+C).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var store = new StoreArguments();
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, separated by ';'.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var recommender = CommonOptions.Recommender();
        var adminKey = new Option<string?>("--admin-key") { Description = "An API key with the admin role (also Penchant__ApiKeys__N__Key/Role)." };
        var ingestKey = new Option<string?>("--ingest-key") { Description = "An API key with the ingest role." };
        var generateKeys = new Option<bool>("--generate-keys") { Description = "Generate an admin and an ingest key for this run and print them." };
        var insecure = new Option<bool>("--insecure-dev") { Description = "Serve without API keys, every caller being admin. Local development only." };
        var keyFile = new Option<string?>("--pseudonym-key-file")
        {
            Description = "The file holding the pseudonym key the store was imported with (else Penchant:Privacy:PseudonymKey or PseudonymKeyFile from configuration; required).",
        };

        var command = new Command("serve", "Run the Penchant HTTP server: ingest, recommend and profile in real time.")
        {
            urls, recommender, adminKey, ingestKey, generateKeys, insecure, keyFile,
        };
        store.AddTo(command);

        // Any configuration setting may follow, as --Penchant:Name=value (docs/server.md lists them).
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellation) =>
        {
            var settings = parse.UnmatchedTokens.ToList();
            if (settings.FirstOrDefault(static t => !IsSetting(t)) is { } stray)
            {
                Console.Error.WriteLine($"penchant serve: unrecognised argument '{stray}'; a configuration setting is written --Penchant:Name=value (e.g. --Penchant:HalfLifeDays=30), and the options are listed by --help.");
                return 2;
            }

            var keys = new List<ApiKeyOptions>();
            if (parse.GetValue(adminKey) is { } admin)
            {
                keys.Add(new ApiKeyOptions { Name = "cli-admin", Key = admin, Role = "admin" });
            }

            if (parse.GetValue(ingestKey) is { } ingest)
            {
                keys.Add(new ApiKeyOptions { Name = "cli-ingest", Key = ingest, Role = "ingest" });
            }

            if (parse.GetValue(generateKeys))
            {
                var generatedAdmin = NewKey();
                var generatedIngest = NewKey();
                keys.Add(new ApiKeyOptions { Name = "generated-admin", Key = generatedAdmin, Role = "admin" });
                keys.Add(new ApiKeyOptions { Name = "generated-ingest", Key = generatedIngest, Role = "ingest" });
                Console.WriteLine($"admin key:  {generatedAdmin}");
                Console.WriteLine($"ingest key: {generatedIngest}");
            }

            if (parse.GetValue(insecure))
            {
                Console.Error.WriteLine("warning: --insecure-dev: no API key is needed and every caller is admin.");
            }

            var location = store.Resolve(parse);
            var options = new ServeOptions(
                location.Database,
                parse.GetValue(urls)!,
                parse.GetValue(insecure),
                parse.GetValue(recommender),
                keys,
                parse.GetValue(keyFile),
                location.Postgres,
                location.PostgresSchema,
                settings);
            try
            {
                await PenchantServerHost.RunAsync(options, cancellation);
                return 0;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                Console.Error.WriteLine($"penchant serve: {ex.Message}");
                return 2;
            }
            catch (AggregateException ex) when (ex.InnerExceptions.All(static e => e is Microsoft.Extensions.Options.OptionsValidationException))
            {
                // Several settings are wrong at once (say, no API keys and no pseudonym key): name them all.
                foreach (var inner in ex.InnerExceptions)
                {
                    Console.Error.WriteLine($"penchant serve: {inner.Message}");
                }

                return 2;
            }
        });
        return command;
    }

    /// <summary>Whether a token reads <c>--Section:Name=value</c>.</summary>
    internal static bool IsSetting(string token) =>
        token.StartsWith("--", StringComparison.Ordinal) && token.IndexOf('=', StringComparison.Ordinal) is var eq and > 2
        && token.IndexOf(':', StringComparison.Ordinal) is var colon and > 2 && colon < eq - 1;

    private static string NewKey() => "pk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
