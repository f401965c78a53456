using System.Runtime.CompilerServices;

namespace Penchant.Core.Privacy.Audit;

/// <summary>An <see cref="IAuditLog"/> in memory, for tests and single-process use; thread-safe.</summary>
public sealed class InMemoryAuditLog : IAuditLog
{
    private readonly List<ChainedAuditEntry> _entries = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public ValueTask<ChainedAuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var chained = AuditChain.Link(_entries.Count == 0 ? null : _entries[^1], entry);
            _entries.Add(chained);
            return ValueTask.FromResult(chained);
        }
    }

    public async IAsyncEnumerable<ChainedAuditEntry> ReadAsync(
        long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        foreach (var entry in Snapshot())
        {
            cancellation.ThrowIfCancellationRequested();
            if (entry.Sequence >= fromSequence)
            {
                yield return entry;
            }
        }

        await Task.CompletedTask;
    }

    public ValueTask<AuditVerification> VerifyAsync(CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        return ValueTask.FromResult(AuditChain.Verify(Snapshot()));
    }

    /// <summary>Overwrites a stored entry, bypassing the chain: lets tests play the attacker.</summary>
    internal void TamperForTesting(int index, ChainedAuditEntry replacement)
    {
        lock (_gate)
        {
            _entries[index] = replacement;
        }
    }

    private ChainedAuditEntry[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }
}
