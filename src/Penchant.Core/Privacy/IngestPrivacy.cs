using Penchant.Core.Data;

namespace Penchant.Core.Privacy;

/// <summary>
/// The privacy steps every record passes on its way into a store, in order: the external user id becomes its keyed
/// pseudonym, fields off the allow-list are dropped (<see cref="FieldMinimizer"/>), and personal data left in review
/// and search text is masked (<see cref="PiiMasker"/>). The server's ingest endpoints and the CLI's import share it,
/// so a store only ever sees pseudonyms, whichever way the data came in.
/// </summary>
/// <remarks>
/// Thread-safe; its only state is a bounded cache of recent pseudonyms (<see cref="PseudonymCache"/>). What one batch
/// dropped and masked is counted in an <see cref="IngestTally"/>.
/// </remarks>
public sealed class IngestPrivacy
{
    private readonly FieldMinimizer _minimizer;
    private readonly PiiMasker _masker;
    private readonly PseudonymCache _pseudonyms;

    /// <summary>Combines a pseudonymizer, an allow-list and a masker (every kind when null).</summary>
    /// <param name="pseudonymizer">Maps external user ids to pseudonyms.</param>
    /// <param name="minimization">The allow-lists of user attributes and event fields.</param>
    /// <param name="masker">The personal-data masker for text; <see cref="PiiMasker.All"/> when null.</param>
    /// <param name="pseudonymCacheSize">How many user ids' pseudonyms are remembered (see <see cref="PseudonymCache"/>); 0 computes every one.</param>
    public IngestPrivacy(Pseudonymizer pseudonymizer, MinimizationOptions minimization, PiiMasker? masker = null, int pseudonymCacheSize = PseudonymCache.DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        Pseudonymizer = pseudonymizer;
        _minimizer = new FieldMinimizer(minimization);
        _masker = masker ?? PiiMasker.All;
        _pseudonyms = new PseudonymCache(pseudonymizer, pseudonymCacheSize);
    }

    /// <summary>The pseudonymizer, for paths that look a shopper up by id.</summary>
    public Pseudonymizer Pseudonymizer { get; }

    /// <summary>The pseudonym under which <paramref name="userId"/> is stored.</summary>
    public string UserKey(string userId) => _pseudonyms.Pseudonymize(userId);

    /// <summary>The user as it may be stored: pseudonymous id, allow-listed attributes; consent is kept.</summary>
    public User Prepare(User user, IngestTally tally)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(tally);
        var kept = tally.Dropped.Add(_minimizer.Apply(user));
        return kept with { Id = UserKey(user.Id) };
    }

    /// <summary>
    /// The event as it may be stored: pseudonymous user id, allow-listed fields, masked text. An event id that embeds
    /// the user id (as the importers' generated ids <c>penchant:{user}:{item}:...</c> do) gets the pseudonym in its
    /// place; the mapping is deterministic, so a re-sent event is still recognised as a duplicate.
    /// </summary>
    public Event Prepare(Event e, IngestTally tally)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(tally);
        var kept = tally.Dropped.Add(_minimizer.Apply(e));
        var text = kept.Text;
        if (text is not null)
        {
            var masked = _masker.Mask(text);
            tally.AddMasked(masked);
            text = masked.Text;
        }

        var pseudonym = UserKey(e.UserId);
        var eventId = e.UserId.Length > 0 && e.EventId.Contains(e.UserId, StringComparison.Ordinal)
            ? e.EventId.Replace(e.UserId, pseudonym, StringComparison.Ordinal)
            : e.EventId;
        return kept with { EventId = eventId, UserId = pseudonym, Text = text };
    }
}
