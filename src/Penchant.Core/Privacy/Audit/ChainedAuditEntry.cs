namespace Penchant.Core.Privacy.Audit;

/// <summary>An <see cref="AuditEntry"/> as stored: numbered and chained to its predecessor by hash.</summary>
/// <param name="Sequence">1 for the first entry, then consecutive.</param>
/// <param name="Entry">The entry (timestamp normalised to UTC milliseconds).</param>
/// <param name="PreviousHash">The <see cref="Hash"/> of the previous entry, or <see cref="AuditChain.GenesisHash"/> for the first.</param>
/// <param name="Hash">SHA-256 (lower-case hex) over the sequence, the previous hash and the entry; see <see cref="AuditChain.ComputeHash"/>.</param>
public sealed record ChainedAuditEntry(long Sequence, AuditEntry Entry, string PreviousHash, string Hash);
