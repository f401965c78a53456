namespace Penchant.Core.Privacy;

/// <summary>A privacy setting is missing or unusable; the message names the setting and how to fix it.</summary>
public sealed class PrivacyConfigurationException : Exception
{
    public PrivacyConfigurationException(string settingName, string message)
        : base(message) => SettingName = settingName;

    public PrivacyConfigurationException()
    {
    }

    public PrivacyConfigurationException(string message)
        : base(message)
    {
    }

    public PrivacyConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The configuration key at fault, e.g. "Penchant:Privacy:PseudonymKey".</summary>
    public string SettingName { get; } = "";
}
