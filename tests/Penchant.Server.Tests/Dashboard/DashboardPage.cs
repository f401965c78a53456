using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Penchant.Server.Tests.Dashboard;

/// <summary>What the dashboard's browser tests share: the server on a loopback port, Debian's Chromium, and connecting with a key.</summary>
internal static class DashboardPage
{
    /// <summary>Starts <paramref name="factory"/>'s server on Kestrel at a free loopback port and returns its address.</summary>
    public static string StartOnLoopback(PenchantServerFactory factory)
    {
        factory.UseKestrel(0);
        factory.StartServer();
        return factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    /// <summary>
    /// Playwright and Chromium, or null where Chromium is missing (the tests are skipped then, see
    /// <see cref="BrowserFactAttribute"/>), unless a browser is required, as in CI: then it says what is missing.
    /// </summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)?> LaunchAsync()
    {
        var chromium = BrowserFactAttribute.ChromiumPath;
        if (!File.Exists(chromium))
        {
            return BrowserFactAttribute.Required
                ? throw new InvalidOperationException(
                    $"PENCHANT_REQUIRE_BROWSER=1, but Debian's Chromium is not at {chromium}: run 'apt-get install chromium' (.ci/run does), or set PENCHANT_CHROMIUM to a Chromium binary.")
                : null;
        }

        var playwright = await Playwright.CreateAsync();
        return (playwright, await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true }));
    }

    /// <summary>Types <paramref name="key"/> into the page, connects, and waits for the page to say how it went.</summary>
    public static async Task ConnectAsync(IPage page, string key)
    {
        await page.FillAsync("#key", key);
        await page.ClickAsync("#connect button[type=submit]");
        await page.WaitForFunctionAsync("() => document.getElementById('role').textContent !== ''");
    }
}
