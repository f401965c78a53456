using Penchant.Core.Data;

namespace Penchant.Storage.Tests;

/// <summary>What every <see cref="ITrainingLease"/> store passes, over two stores opened on the same storage.</summary>
internal static class TrainingLeaseContract
{
    /// <summary>
    /// One holder at a time: the second waits while the first holds it, writes go on meanwhile, the lease passes to the
    /// waiter when given back, and a cancelled wait ends.
    /// </summary>
    public static async Task HoldsOneAtATimeAsync<TStore>(TStore one, TStore two)
        where TStore : IPenchantStore, ITrainingLease
    {
        var held = await one.AcquireTrainingLeaseAsync();
        var waiting = two.AcquireTrainingLeaseAsync();
        await Task.Delay(400);
        Assert.False(waiting.IsCompleted);

        // The lease is not the write lock: writes go on while it is held.
        await one.UpsertItemsAsync([new Item("i1", "Item")]).WaitAsync(TimeSpan.FromSeconds(10));
        await held.DisposeAsync();
        var second = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => one.AcquireTrainingLeaseAsync(cancel.Token));
        }

        await second.DisposeAsync();
        await (await one.AcquireTrainingLeaseAsync().WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
    }
}
