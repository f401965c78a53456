namespace Penchant.Core.Data;

/// <summary>
/// Turns a stream of events into <see cref="InteractionData"/>: event weights from <see cref="EventWeights"/>,
/// exponential time decay relative to <see cref="ReferenceTime"/> (default: the newest event seen),
/// dense ids assigned in order of first appearance. Events without an item (searches) are skipped.
/// </summary>
public sealed class InteractionBuilder
{
    private readonly EventWeights _weights;
    private readonly List<(int User, int Item, double Weight, long Time)> _raw = [];

    public InteractionBuilder(EventWeights? weights = null, IdMap? users = null, IdMap? items = null)
    {
        _weights = weights ?? EventWeights.Default;
        Users = users ?? new IdMap();
        Items = items ?? new IdMap();
    }

    public IdMap Users { get; }

    public IdMap Items { get; }

    /// <summary>Decay is measured back from this time; null means the newest event added.</summary>
    public DateTimeOffset? ReferenceTime { get; init; }

    /// <summary>How many events were added (including skipped ones).</summary>
    public long EventCount { get; private set; }

    private long _newest = long.MinValue;

    /// <summary>Adds one event.</summary>
    public void Add(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        EventCount++;
        if (e.ItemId is null)
        {
            return;
        }

        var weight = _weights.WeightOf(e.Type, e.Value);
        var user = Users.GetOrAdd(e.UserId);
        var item = Items.GetOrAdd(e.ItemId);
        var time = e.Timestamp.ToUnixTimeSeconds();
        _newest = Math.Max(_newest, time);
        if (weight == 0)
        {
            return;
        }

        _raw.Add((user, item, weight, time));
    }

    /// <summary>Registers an item id so that it gets a column even without events.</summary>
    public int AddItem(string itemId) => Items.GetOrAdd(itemId);

    /// <summary>Builds the matrix and sequences.</summary>
    public InteractionData Build()
    {
        var reference = ReferenceTime?.ToUnixTimeSeconds() ?? (_newest == long.MinValue ? 0 : _newest);
        var interactions = new List<Interaction>(_raw.Count);
        foreach (var (user, item, weight, time) in _raw)
        {
            var ageDays = (reference - time) / 86400.0;
            interactions.Add(new Interaction(user, item, (float)(weight * _weights.Decay(ageDays)), time));
        }

        return InteractionData.FromInteractions(interactions, Users, Items);
    }
}
