namespace Penchant.Server.Services;

/// <summary>
/// The one serving snapshot, behind a volatile reference: training builds a new snapshot aside and
/// <see cref="Swap"/> publishes it in one write, so serving never waits for training.
/// </summary>
/// <remarks>
/// Erased shoppers (<see cref="ForgetUser"/>) are also kept out of snapshots from training runs that started
/// before the erasure and so may still have read their events; a run that started afterwards cannot know them.
/// </remarks>
public sealed class ServingModel(string recommender)
{
    private readonly Lock _publish = new();
    private readonly Dictionary<string, DateTimeOffset> _forgotten = new(StringComparer.Ordinal);
    private volatile ServingSnapshot _current = ServingSnapshot.Empty(recommender);

    /// <summary>The snapshot to serve from; read it once per request.</summary>
    public ServingSnapshot Current => _current;

    /// <summary>Whether a training run has produced a snapshot yet.</summary>
    public bool IsReady => _current.Version > 0;

    /// <summary>Publishes <paramref name="snapshot"/>, without any shopper erased since its training run began.</summary>
    public void Swap(ServingSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_publish)
        {
            if (_forgotten.Count > 0 && snapshot.TrainedAt is { } trainedAt)
            {
                var started = trainedAt - snapshot.TrainingDuration;
                foreach (var (userId, erasedAt) in _forgotten.ToList())
                {
                    if (erasedAt < started)
                    {
                        _forgotten.Remove(userId);
                    }
                    else
                    {
                        snapshot = snapshot.WithoutUser(userId);
                    }
                }
            }

            _current = snapshot;
        }

        // The search index is built in the background now rather than by the first search (seconds on a large catalogue).
        snapshot.WarmSearchIndex();
    }

    /// <summary>
    /// Drops an erased user from the serving snapshot's user map at once, and from snapshots of runs that began
    /// before <paramref name="erasedAt"/>; false when the serving snapshot did not know them.
    /// </summary>
    /// <param name="userId">The user as stored (pseudonym).</param>
    /// <param name="erasedAt">When the user's data left the store.</param>
    public bool ForgetUser(string userId, DateTimeOffset erasedAt)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return ForgetUsers([userId], erasedAt) > 0;
    }

    /// <summary>
    /// <see cref="ForgetUser"/> for several shoppers at once (those another process erased or purged), with one copy
    /// of the snapshot.
    /// </summary>
    /// <returns>How many of them the serving snapshot knew.</returns>
    public int ForgetUsers(IReadOnlyCollection<string> userIds, DateTimeOffset erasedAt)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        lock (_publish)
        {
            foreach (var userId in userIds)
            {
                _forgotten[userId] = erasedAt;
            }

            var current = _current;
            var known = userIds.Count(current.Users.Contains);
            if (known > 0)
            {
                _current = current.WithoutUsers(userIds);
            }

            return known;
        }
    }
}
