using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using Penchant.Cli.Commands;

namespace Penchant.Cli.Tests.Commands;

/// <summary>Starts the real <c>penchant serve</c> process on a free loopback port and talks to it over HTTP.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private const string AdminKey = "cli-test-admin-key-0123456789";
    private const string IngestKey = "cli-test-ingest-key-0123456789";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "penchant-cli-tests", Guid.NewGuid().ToString("N"));

    public ServeCommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS.
        }
    }

    [Fact]
    public async Task Serve_answers_ready_then_ingests_and_recommends_over_http()
    {
        var port = FreePort();
        var db = Path.Combine(_directory, "serve.db");
        var key = Path.Combine(_directory, "serve.key");
        PseudonymKeyFile.EnsureExists(key);
        using var process = Start($"serve --db \"{db}\" --urls http://127.0.0.1:{port} --admin-key {AdminKey} --ingest-key {IngestKey} --pseudonym-key-file \"{key}\"");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitReadyAsync(http, process);

            http.DefaultRequestHeaders.Add("X-Api-Key", IngestKey);
            var items = new { items = Enumerable.Range(0, 4).Select(i => new { id = $"i{i}", title = $"Item {i}", categories = new[] { "Things" } }) };
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/v1/items", items)).StatusCode);
            var events = new
            {
                events = new[]
                {
                    new { eventId = "1", userId = "a", itemId = "i0", type = "view" },
                    new { eventId = "2", userId = "a", itemId = "i1", type = "view" },
                    new { eventId = "3", userId = "b", itemId = "i0", type = "view" },
                    new { eventId = "4", userId = "b", itemId = "i1", type = "purchase" },
                    new { eventId = "5", userId = "c", itemId = "i0", type = "view" },
                },
            };
            var ingest = await http.PostAsJsonAsync("/v1/events/batch", events);
            Assert.Contains("\"accepted\":5", await ingest.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var admin = new HttpClient { BaseAddress = http.BaseAddress };
            admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
            var status = await admin.PostAsync("/v1/admin/train?wait=true", null);
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/v1/admin/train", null)).StatusCode);

            using var recommendations = JsonDocument.Parse(await http.GetStringAsync("/v1/recommendations/users/c?count=2"));
            var first = recommendations.RootElement.GetProperty("items")[0];
            Assert.Equal("i1", first.GetProperty("id").GetString());
            Assert.Equal("because you viewed Item 0", first.GetProperty("reason").GetString());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Serve_without_keys_refuses_to_start_and_says_why()
    {
        var (exit, stderr) = await RunToExitAsync($"serve --db \"{Path.Combine(_directory, "nokeys.db")}\" --urls http://127.0.0.1:{FreePort()}");
        Assert.Equal(2, exit);
        Assert.Contains("No API keys are configured", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_keys_but_without_a_pseudonym_key_refuses_to_start_and_names_the_setting()
    {
        var (exit, stderr) = await RunToExitAsync($"serve --db \"{Path.Combine(_directory, "nokey.db")}\" --urls http://127.0.0.1:{FreePort()} --admin-key {AdminKey}");
        Assert.Equal(2, exit);
        Assert.Contains("penchant serve: Penchant:Privacy:PseudonymKey is missing", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "nokey.db.key")), "serve must never make up a key");
    }

    [Fact]
    public async Task Serve_takes_configuration_settings_after_its_options_and_refuses_stray_arguments()
    {
        var key = Path.Combine(_directory, "settings.key");
        PseudonymKeyFile.EnsureExists(key);
        var common = $"serve --db \"{Path.Combine(_directory, "settings.db")}\" --urls http://127.0.0.1:{FreePort()} --admin-key {AdminKey} --pseudonym-key-file \"{key}\"";

        // A setting reaches the server's options: an out-of-range one stops it, named.
        var (exit, stderr) = await RunToExitAsync(common + " --Penchant:MaxCount=0");
        Assert.Equal(2, exit);
        Assert.Contains("MaxCount", stderr, StringComparison.Ordinal);

        (exit, stderr) = await RunToExitAsync(common + " --bogus");
        Assert.Equal(2, exit);
        Assert.Contains("unrecognised argument '--bogus'", stderr, StringComparison.Ordinal);
        Assert.True(ServeCommand.IsSetting("--Penchant:Exploration:Share=0.2"));
        Assert.False(ServeCommand.IsSetting("--Penchant=1"));
        Assert.False(ServeCommand.IsSetting("Penchant:MaxCount=5"));
        Assert.False(ServeCommand.IsSetting("--Penchant:MaxCount"));
    }

    /// <summary>Runs the CLI until it exits (within 90 s); its exit code and standard error.</summary>
    private static async Task<(int ExitCode, string StandardError)> RunToExitAsync(string arguments)
    {
        using var process = Start(arguments);
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stderr);
    }

    private static Process Start(string arguments)
    {
        // The CLI assembly is copied next to the tests; run it the way a user would.
        var cli = Assembly.Load(new AssemblyName("penchant")).Location;
        var info = new ProcessStartInfo("dotnet", $"\"{cli}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(cli)!,
        };
        var process = Process.Start(info)!;
        process.OutputDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient http, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"penchant serve exited with {(process.HasExited ? process.ExitCode : 0)}");
            try
            {
                if ((await http.GetAsync("/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail("penchant serve did not become ready within 90 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
