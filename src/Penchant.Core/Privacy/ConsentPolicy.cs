using Penchant.Core.Data;

namespace Penchant.Core.Privacy;

/// <summary>
/// Answers whether a shopper's consent allows a use of their data. Personalisation needs
/// <see cref="ConsentFlags.Personalization"/>; segments, audiences and exports are profiling and need
/// <see cref="ConsentFlags.Profiling"/>. A shopper without recorded consent is treated as
/// <see cref="DefaultConsent"/>.
/// </summary>
/// <remarks>
/// Shoppers who may not be personalised still get non-personalised recommendations (popular items). Aggregate
/// statistics released through <see cref="DifferentialPrivacy.PrivateAggregates"/> describe no individual and are not
/// gated here; a deployment that wants them gated filters contributions with <see cref="Filter{T}"/>.
/// </remarks>
/// <param name="DefaultConsent">
/// Consent assumed when none is recorded. <see cref="ConsentFlags.Granted"/> by default, matching
/// <see cref="User.ConsentOrDefault"/> (the shop is responsible for asking); a strict deployment passes
/// <c>new ConsentFlags(Personalization: false, Profiling: false)</c>.
/// </param>
public sealed record ConsentPolicy(ConsentFlags DefaultConsent)
{
    /// <summary>Unknown consent counts as granted, as in the data model.</summary>
    public static ConsentPolicy Default { get; } = new(ConsentFlags.Granted);

    /// <summary>Unknown consent counts as refused for everything.</summary>
    public static ConsentPolicy OptIn { get; } = new(new ConsentFlags(Personalization: false, Profiling: false));

    public bool Allows(ConsentFlags? consent, ConsentPurpose purpose)
    {
        var flags = consent ?? DefaultConsent;
        return purpose switch
        {
            ConsentPurpose.Personalization => flags.Personalization,
            ConsentPurpose.Segments or ConsentPurpose.Audiences or ConsentPurpose.Exports => flags.Profiling,
            _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
        };
    }

    public bool Allows(User user, ConsentPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Allows(user.Consent, purpose);
    }

    public bool MayPersonalize(ConsentFlags? consent) => Allows(consent, ConsentPurpose.Personalization);

    /// <summary>Whether the shopper may be placed in segments and audiences and appear in exports.</summary>
    public bool MayProfile(ConsentFlags? consent) => Allows(consent, ConsentPurpose.Segments);

    /// <summary>The items whose owner allows <paramref name="purpose"/>.</summary>
    public IEnumerable<T> Filter<T>(IEnumerable<T> source, Func<T, ConsentFlags?> consentOf, ConsentPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(consentOf);
        return source.Where(x => Allows(consentOf(x), purpose));
    }
}
