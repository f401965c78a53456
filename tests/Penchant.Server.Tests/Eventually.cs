namespace Penchant.Server.Tests;

/// <summary>Waits for a condition that background work (training, retention) makes true; fails after 30 s.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static Task HoldsAsync(Func<bool> condition) => HoldsAsync(() => Task.FromResult(condition()));

    public static async Task HoldsAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The condition did not hold within {Limit.TotalSeconds:0} s.");
            await Task.Delay(20);
        }
    }
}
