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

    public int Count => _items.Count;

    public bool TryGet(string id, out Item item) => _items.TryGetValue(id, out item!);

    /// <summary>Every item, in no particular order (a moment's view of a catalogue that may be changing).</summary>
    public IEnumerable<Item> Items => _items.Values;

    public void Set(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items[item.Id] = item;
    }

    public void Remove(string id) => _items.TryRemove(id, out _);
}
