namespace Penchant.Core.Privacy.Audit;

/// <summary>
/// One audited action: who did what to what, when. Users are named by pseudonym (<see cref="Pseudonymizer"/>), never by
/// raw id, and details carry counts and settings, never personal content.
/// </summary>
/// <param name="Actor">Who acted: an API key name, an operator, "retention-job".</param>
/// <param name="Action">What was done, e.g. "user.erase", "events.retention", "export.popularity".</param>
/// <param name="Target">What it was done to, e.g. a user pseudonym or "events".</param>
/// <param name="Timestamp">When; stored and hashed in UTC at millisecond precision (see <see cref="AuditChain"/>).</param>
/// <param name="Details">Extra key/value facts; hashed in key order.</param>
public sealed record AuditEntry(
    string Actor,
    string Action,
    string Target,
    DateTimeOffset Timestamp,
    IReadOnlyDictionary<string, string>? Details = null)
{
    /// <summary>The details, never null.</summary>
    public IReadOnlyDictionary<string, string> DetailsOrEmpty => Details ?? EmptyDetails;

    private static readonly IReadOnlyDictionary<string, string> EmptyDetails = new Dictionary<string, string>();
}
