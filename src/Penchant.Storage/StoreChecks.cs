using Penchant.Core.Data;

namespace Penchant.Storage;

/// <summary>What every store does the same way on its way in: opening with its migrations, and the checks of an event batch.</summary>
internal static class StoreChecks
{
    /// <summary><paramref name="store"/> initialised (created or migrated), or disposed and the error rethrown.</summary>
    public static async Task<T> InitializedAsync<T>(T store, CancellationToken cancellation)
        where T : IPenchantStore
    {
        try
        {
            await store.InitializeAsync(cancellation);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Throws unless every event of the batch has an id, a user and a known type.</summary>
    public static void ThrowIfInvalid(IReadOnlyList<Event> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e);
            ArgumentNullException.ThrowIfNull(e.EventId);
            ArgumentNullException.ThrowIfNull(e.UserId);
            if (!Enum.IsDefined(e.Type))
            {
                throw new ArgumentOutOfRangeException(nameof(events), e.Type, $"Event '{e.EventId}' has no known type.");
            }
        }
    }
}
