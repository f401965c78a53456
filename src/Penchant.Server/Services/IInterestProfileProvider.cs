using Penchant.Server.Contracts;

namespace Penchant.Server.Services;

/// <summary>
/// Computes a shopper's interest profile. The server ships <see cref="EventInterestProfileProvider"/>; a richer
/// profile builder replaces it by registering another implementation.
/// </summary>
public interface IInterestProfileProvider
{
    /// <summary>The profile of <paramref name="userId"/>; empty lists for a shopper without history.</summary>
    Task<InterestProfileDto> GetProfileAsync(string userId, CancellationToken cancellation);
}
