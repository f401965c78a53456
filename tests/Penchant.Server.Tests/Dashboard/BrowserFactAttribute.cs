namespace Penchant.Server.Tests.Dashboard;

/// <summary>
/// A test that drives Debian's Chromium. Where Chromium is not installed it is skipped, saying how to install it,
/// so that the README's test command passes on a fresh machine; where <c>PENCHANT_REQUIRE_BROWSER=1</c> (as
/// <c>.ci/run</c> sets, after installing the package) a missing Chromium fails the tests instead.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && !Required)
        {
            Skip = $"Chromium is not installed at {ChromiumPath}: 'apt-get install chromium' (or set PENCHANT_CHROMIUM) to run the dashboard's browser tests.";
        }
    }

    /// <summary>Debian's Chromium, or the binary <c>PENCHANT_CHROMIUM</c> names.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("PENCHANT_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>Whether a missing Chromium fails the tests rather than skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("PENCHANT_REQUIRE_BROWSER") == "1";
}
