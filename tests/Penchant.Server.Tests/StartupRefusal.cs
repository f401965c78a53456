using Microsoft.Extensions.Options;

namespace Penchant.Server.Tests;

/// <summary>Checks that a server refuses to start, naming the bad setting.</summary>
internal static class StartupRefusal
{
    /// <summary>
    /// Builds and starts the app directly from the factory's settings rather than through the factory's client: when
    /// start-up fails, WebApplicationFactory's deferred host can report a disposed service provider instead of the
    /// start-up exception, depending on timing.
    /// </summary>
    public static async Task AssertAsync(PenchantServerFactory factory, string message)
    {
        string[] args = [.. factory.Settings.Where(static p => p.Value is not null).Select(static p => $"--{p.Key}={p.Value}"), "--urls=http://127.0.0.1:0"];
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var app = PenchantServerHost.BuildApp(args);
            await app.StartAsync();
            await app.StopAsync();
        });
        var all = new List<Exception>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            all.Add(e);
        }

        var validation = all.OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, error.ToString());
        Assert.Contains(message, validation.Message, StringComparison.Ordinal);
    }
}
