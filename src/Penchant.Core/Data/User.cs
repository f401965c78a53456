namespace Penchant.Core.Data;

/// <summary>What a shopper has agreed to.</summary>
/// <param name="Personalization">Recommendations may use this shopper's behaviour.</param>
/// <param name="Profiling">The shopper may be placed in segments, audiences and exports.</param>
public sealed record ConsentFlags(bool Personalization = true, bool Profiling = true)
{
    /// <summary>The default: both granted (the shop is responsible for asking).</summary>
    public static ConsentFlags Granted { get; } = new();
}

/// <summary>A shopper.</summary>
/// <param name="Id">The shop's own user id.</param>
/// <param name="Attributes">Optional attributes (age band, region, ...), subject to the allow-list.</param>
/// <param name="Consent">Consent flags.</param>
public sealed record User(
    string Id,
    IReadOnlyDictionary<string, string>? Attributes = null,
    ConsentFlags? Consent = null)
{
    /// <summary>Consent flags, never null.</summary>
    public ConsentFlags ConsentOrDefault => Consent ?? ConsentFlags.Granted;
}
