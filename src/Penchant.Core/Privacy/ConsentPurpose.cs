namespace Penchant.Core.Privacy;

/// <summary>What a shopper's data would be used for.</summary>
public enum ConsentPurpose
{
    /// <summary>Personalised recommendations from the shopper's own behaviour.</summary>
    Personalization,

    /// <summary>Membership of segments computed from the interest profile.</summary>
    Segments,

    /// <summary>Membership of audiences built for campaigns.</summary>
    Audiences,

    /// <summary>Appearing, by pseudonym, in user-level exports.</summary>
    Exports,
}
