using System.Net.Http.Json;
using System.Diagnostics;

namespace Penchant.Server.Tests.Privacy;

/// <summary>A missing or bad pseudonym key stops the server at start-up with a message naming the setting.</summary>
public sealed class PrivacyStartupTests
{
    [Theory]
    [InlineData(null, "Penchant:Privacy:PseudonymKey is missing")]
    [InlineData("", "Penchant:Privacy:PseudonymKey is missing")]
    [InlineData("c2hvcnQ=", "Penchant:Privacy:PseudonymKey is too short")]
    [InlineData("not base64 or hex!", "Penchant:Privacy:PseudonymKey is not valid base64 or hex")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "Penchant:Privacy:PseudonymKey looks like a placeholder")]
    public async Task A_missing_or_bad_key_stops_the_server_naming_the_setting(string? key, string message)
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:Privacy:PseudonymKey"] = key });
        await StartupRefusal.AssertAsync(factory, message);
    }

    [Fact]
    public async Task A_key_file_that_does_not_exist_stops_the_server_naming_that_setting()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:Privacy:PseudonymKey"] = null,
            ["Penchant:Privacy:PseudonymKeyFile"] = "/nonexistent/penchant.key",
        });
        await StartupRefusal.AssertAsync(factory, "Penchant:Privacy:PseudonymKeyFile names '/nonexistent/penchant.key', which does not exist");
    }

    [Fact]
    public async Task A_key_from_a_file_gives_the_same_pseudonyms_as_the_same_key_inline()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, PenchantServerFactory.PseudonymKey + "\n");
            await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
            {
                ["Penchant:Privacy:PseudonymKey"] = null,
                ["Penchant:Privacy:PseudonymKeyFile"] = file,
            });
            using var client = factory.Ingest();
            (await client.PutAsJsonAsync("/v1/users/kim", new Contracts.UserDto("kim"))).EnsureSuccessStatusCode();
            await using var store = await Storage.Sqlite.SqliteStore.OpenAsync(factory.DatabasePath);
            Assert.NotNull(await store.GetUserAsync(PenchantServerFactory.Pseudonym("kim")));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_real_server_process_exits_with_a_message_when_the_key_is_missing()
    {
        var directory = Path.Combine(Path.GetTempPath(), "penchant-startup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var server = Path.Combine(AppContext.BaseDirectory, "Penchant.Server.dll");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                WorkingDirectory = directory,
            };
            foreach (var arg in new[]
            {
                server,
                "--urls", "http://127.0.0.1:0",
                $"--Penchant:DatabasePath={Path.Combine(directory, "p.db")}",
                $"--Penchant:ApiKeys:0:Key={PenchantServerFactory.AdminKey}",
                "--Penchant:ApiKeys:0:Role=admin",
            })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment.Remove("Penchant__Privacy__PseudonymKey");
            start.Environment.Remove("Penchant__Privacy__PseudonymKeyFile");
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("The server kept running without a pseudonym key.");
            }

            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains("refusing to start: Penchant:Privacy:PseudonymKey is missing", await stderr, StringComparison.Ordinal);
            _ = await stdout;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
