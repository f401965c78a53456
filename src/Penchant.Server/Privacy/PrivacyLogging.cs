namespace Penchant.Server.Privacy;

/// <summary>
/// Keeps raw user ids out of the logs. Penchant's own log messages never carry a user id; the framework's would,
/// because shopper ids are part of request paths (<c>/v1/recommendations/users/{id}</c>): ASP.NET Core logs the
/// path of every request at Information and Debug, and puts it in a logging scope that scope-aware outputs write
/// next to every message. So, whatever the configuration says, <c>Microsoft.AspNetCore</c> categories log at
/// Warning at most, and the hosting diagnostics category that creates the request scope is off.
/// </summary>
internal static class PrivacyLogging
{
    private const string Framework = "Microsoft.AspNetCore";
    private const string RequestScope = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Caps the framework's log levels after every other logging configuration.</summary>
    public static IServiceCollection AddPrivacyLogFilters(this IServiceCollection services) =>
        services.PostConfigure<LoggerFilterOptions>(static options =>
        {
            var rules = options.Rules;
            var providers = rules.Select(static r => r.ProviderName).Distinct().ToList();
            for (var i = 0; i < rules.Count; i++)
            {
                var rule = rules[i];
                if (rule.CategoryName?.StartsWith(Framework, StringComparison.Ordinal) == true && rule.LogLevel is < LogLevel.Warning)
                {
                    rules[i] = new LoggerFilterRule(rule.ProviderName, rule.CategoryName, LogLevel.Warning, rule.Filter);
                }
            }

            if (!providers.Contains(null))
            {
                providers.Add(null);
            }

            // Rules of equal specificity: the last one wins, so these beat any configured default for these categories.
            foreach (var provider in providers)
            {
                rules.Add(new LoggerFilterRule(provider, Framework, LogLevel.Warning, null));
                rules.Add(new LoggerFilterRule(provider, RequestScope, LogLevel.None, null));
            }
        });
}
