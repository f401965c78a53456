using Microsoft.Extensions.Options;
using Penchant.Core.Privacy;

namespace Penchant.Server.Options;

/// <summary>The privacy settings, bound from <c>Penchant:Privacy</c> (see docs/privacy.md).</summary>
public sealed class PrivacyOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Penchant:Privacy";

    /// <summary>The setting that names a file holding the key instead.</summary>
    public const string KeyFileSettingName = "Penchant:Privacy:PseudonymKeyFile";

    /// <summary>The HMAC key of user pseudonyms (base64 or hex, at least 32 bytes); required unless <see cref="PseudonymKeyFile"/> is set.</summary>
    public string? PseudonymKey { get; set; }

    /// <summary>A file whose content is the key; kept outside the database and its backups.</summary>
    public string? PseudonymKeyFile { get; set; }

    /// <summary>User attributes kept at ingest; null keeps the default list (age_band, region, country, language).</summary>
    public List<string>? AllowedUserAttributes { get; set; }

    /// <summary>Optional event fields kept at ingest (value, text, session_id, price); null keeps all four.</summary>
    public List<string>? AllowedEventFields { get; set; }

    /// <summary>
    /// Events older than this are purged by the retention job; zero or less (the default) keeps events. Off by default
    /// because a store imported from a research data set holds only old events, which a default age would wipe out.
    /// </summary>
    public TimeSpan RetentionMaxAge { get; set; }

    /// <summary>How often the retention job runs; zero or less runs it only on demand.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether shoppers without recorded consent count as having refused (opt-in) rather than granted.</summary>
    public bool RequireExplicitConsent { get; set; }

    /// <summary>The ε each consumer (API key) may spend on exports in all.</summary>
    public double ExportEpsilonLimit { get; set; } = 1.0;

    /// <summary>The δ each consumer may spend on exports in all.</summary>
    public double ExportDeltaLimit { get; set; } = 1e-6;

    /// <summary>The ε an export costs when the request does not say.</summary>
    public double ExportEpsilon { get; set; } = 0.1;

    /// <summary>k: no aggregate describing fewer distinct shoppers is released.</summary>
    public int MinimumGroupSize { get; set; } = 10;

    /// <summary>L: each shopper counts towards at most this many keys of an exported histogram.</summary>
    public int MaxKeysPerUser { get; set; } = 10;

    /// <summary>The allow-lists as the core minimiser takes them.</summary>
    public MinimizationOptions Minimization()
    {
        var fields = AllowedEventFields?.Select(ParseField).ToArray() ?? MinimizationOptions.Default.AllowedEventFields;
        return new MinimizationOptions(AllowedUserAttributes?.ToArray() ?? MinimizationOptions.Default.AllowedUserAttributes, fields);
    }

    /// <summary>Reads the key from <see cref="PseudonymKey"/> or <see cref="PseudonymKeyFile"/>; throws naming the setting.</summary>
    public Pseudonymizer CreatePseudonymizer()
    {
        if (!string.IsNullOrWhiteSpace(PseudonymKey) && !string.IsNullOrWhiteSpace(PseudonymKeyFile))
        {
            throw new PrivacyConfigurationException(
                Core.Privacy.PseudonymKey.SettingName,
                $"Set either {Core.Privacy.PseudonymKey.SettingName} or {KeyFileSettingName}, not both.");
        }

        if (!string.IsNullOrWhiteSpace(PseudonymKeyFile))
        {
            if (!File.Exists(PseudonymKeyFile))
            {
                throw new PrivacyConfigurationException(KeyFileSettingName, $"{KeyFileSettingName} names '{PseudonymKeyFile}', which does not exist.");
            }

            return Pseudonymizer.FromConfiguration(File.ReadAllText(PseudonymKeyFile), KeyFileSettingName);
        }

        return Pseudonymizer.FromConfiguration(PseudonymKey);
    }

    private static EventField ParseField(string name) => name.Trim().ToLowerInvariant() switch
    {
        "value" => EventField.Value,
        "text" => EventField.Text,
        "session_id" or "sessionid" => EventField.SessionId,
        "price" => EventField.Price,
        _ => throw new PrivacyConfigurationException(
            SectionName + ":AllowedEventFields", $"Unknown event field '{name}' in {SectionName}:AllowedEventFields; expected value, text, session_id or price."),
    };
}

/// <summary>Checks the privacy settings at start-up, so a bad or missing key stops the server before it serves anything.</summary>
internal sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        try
        {
            options.CreatePseudonymizer();
            options.Minimization();
        }
        catch (PrivacyConfigurationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }

        var errors = new List<string>();
        if (!(options.ExportEpsilonLimit >= 0) || !(options.ExportDeltaLimit is >= 0 and < 1))
        {
            errors.Add($"{PrivacyOptions.SectionName}:ExportEpsilonLimit must be ≥ 0 and ExportDeltaLimit in [0, 1).");
        }

        if (!(options.ExportEpsilon > 0))
        {
            errors.Add($"{PrivacyOptions.SectionName}:ExportEpsilon must be positive.");
        }

        if (options.MinimumGroupSize < 1 || options.MaxKeysPerUser < 1)
        {
            errors.Add($"{PrivacyOptions.SectionName}:MinimumGroupSize and MaxKeysPerUser must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
