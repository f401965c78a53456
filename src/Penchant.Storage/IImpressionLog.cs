namespace Penchant.Storage;

/// <summary>The append-only log of served recommendations (impressions) that off-policy evaluation replays.</summary>
public interface IImpressionLog
{
    /// <summary>Appends impressions in one transaction.</summary>
    /// <param name="impressions">The impressions, usually several slates' worth.</param>
    /// <param name="cancellation">Cancels the wait for the write lock.</param>
    /// <returns>How many rows were written.</returns>
    Task<int> AppendImpressionsAsync(IReadOnlyList<Impression> impressions, CancellationToken cancellation = default);

    /// <summary>Every logged impression in the order written, optionally only those at or after <paramref name="since"/>.</summary>
    /// <param name="since">The earliest timestamp to return; null returns all.</param>
    /// <param name="cancellation">Stops the stream.</param>
    /// <returns>The impressions, oldest first.</returns>
    IAsyncEnumerable<Impression> StreamImpressionsAsync(DateTimeOffset? since = null, CancellationToken cancellation = default);

    /// <summary>
    /// One shopper's impressions served at or after <paramref name="since"/>, in the order written (read by the user
    /// index, so its cost follows that shopper's slates, not the whole log): what a feed has shown them already.
    /// </summary>
    /// <param name="userId">The shopper as stored.</param>
    /// <param name="since">The earliest timestamp to return.</param>
    /// <param name="newest">At most this many, the newest (still returned oldest first); null for all.</param>
    /// <param name="cancellation">Cancels the read.</param>
    /// <returns>The impressions, oldest first; none for a shopper the log does not know.</returns>
    Task<IReadOnlyList<Impression>> GetUserImpressionsAsync(string userId, DateTimeOffset since, int? newest = null, CancellationToken cancellation = default);
}
