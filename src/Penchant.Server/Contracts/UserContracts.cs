using Penchant.Core.Data;

namespace Penchant.Server.Contracts;

/// <summary>Consent flags on the wire.</summary>
public sealed record ConsentDto(bool? Personalization = null, bool? Profiling = null);

/// <summary>A shopper on the wire.</summary>
public sealed record UserDto(string? Id, IReadOnlyDictionary<string, string>? Attributes = null, ConsentDto? Consent = null)
{
    public static UserDto From(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var consent = user.ConsentOrDefault;
        return new UserDto(user.Id, user.Attributes, new ConsentDto(consent.Personalization, consent.Profiling));
    }

    /// <summary>The core user; call after validation.</summary>
    public User ToUser(string id) => new(
        id,
        Attributes,
        Consent is null ? null : new ConsentFlags(Consent.Personalization ?? true, Consent.Profiling ?? true));
}
