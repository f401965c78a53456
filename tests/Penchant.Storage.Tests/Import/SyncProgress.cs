namespace Penchant.Storage.Tests.Import;

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread, so tests see every report in order.</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
