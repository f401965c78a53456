namespace Penchant.Server.Services;

/// <summary>
/// The one serving snapshot, behind a volatile reference: training builds a new snapshot aside and
/// <see cref="Swap"/> publishes it in one write, so serving never waits for training.
/// </summary>
public sealed class ServingModel(string recommender)
{
    private volatile ServingSnapshot _current = ServingSnapshot.Empty(recommender);

    /// <summary>The snapshot to serve from; read it once per request.</summary>
    public ServingSnapshot Current => _current;

    /// <summary>Whether a training run has produced a snapshot yet.</summary>
    public bool IsReady => _current.Version > 0;

    /// <summary>Publishes <paramref name="snapshot"/>.</summary>
    public void Swap(ServingSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _current = snapshot;
    }

    /// <summary>Drops a user from the serving snapshot's user map (erasure); false when the snapshot did not know them.</summary>
    public bool ForgetUser(string userId)
    {
        while (true)
        {
            var current = _current;
            if (!current.Users.Contains(userId))
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _current, current.WithoutUser(userId), current) == current)
            {
                return true;
            }
        }
    }
}
