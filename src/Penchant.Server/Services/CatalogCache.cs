using System.Collections.Concurrent;
using Penchant.Core.Data;

namespace Penchant.Server.Services;

/// <summary>
/// The live catalogue in memory, loaded at start-up and kept current by the item endpoints, so that an item
/// put out of stock or deleted stops being recommended at once, before the next training run.
/// </summary>
public sealed class CatalogCache
{
    private readonly ConcurrentDictionary<string, Item> _items = new(StringComparer.Ordinal);
    private long _version;

    public int Count => _items.Count;

    /// <summary>
    /// Counts the items added (an id not there before) and removed, so that what is built from the set of items can tell
    /// it is behind; changes to an item already there do not count.
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    public bool TryGet(string id, out Item item) => _items.TryGetValue(id, out item!);

    /// <summary>Every item, in no particular order (a moment's view of a catalogue that may be changing).</summary>
    public IEnumerable<Item> Items => _items.Values;

    public void Set(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var added = false;
        _items.AddOrUpdate(item.Id, _ => { added = true; return item; }, (_, _) => item);
        if (added)
        {
            Interlocked.Increment(ref _version);
        }
    }

    public void Remove(string id)
    {
        if (_items.TryRemove(id, out _))
        {
            Interlocked.Increment(ref _version);
        }
    }
}
