using Penchant.Core.Privacy;

namespace Penchant.Server.Contracts;

/// <summary>The answer to an erasure request.</summary>
/// <param name="ReceiptId">A random id for the receipt, also in the audit log (which never holds the user's id or pseudonym).</param>
/// <param name="Receipt">What was removed, naming the user by pseudonym only.</param>
/// <param name="StorageCompacted">Whether the database's write-ahead log was flushed and truncated, leaving no copy of the removed rows.</param>
public sealed record ErasureResponse(string ReceiptId, ErasureReceipt Receipt, bool StorageCompacted);

/// <summary>One audit log entry on the wire.</summary>
public sealed record AuditEntryDto(long Sequence, string Actor, string Action, string Target, DateTimeOffset Timestamp, IReadOnlyDictionary<string, string> Details, string Hash);

/// <summary>A page of the audit log, and whether the whole chain verifies.</summary>
/// <param name="Entries">Entries in sequence order.</param>
/// <param name="Next">The sequence to ask for next, or null at the end.</param>
/// <param name="ChainValid">Whether every entry from the first still matches its hash and link.</param>
/// <param name="ChainProblem">What is wrong with the chain, when it is not valid.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntryDto> Entries, long? Next, bool ChainValid, string? ChainProblem = null);

/// <summary>What a retention run deleted.</summary>
public sealed record RetentionRunResult(DateTimeOffset Cutoff, int EventsDeleted, int UserKeysDeleted);

/// <summary>A differentially private histogram released to a consumer.</summary>
/// <param name="Status">released or below_minimum_group_size.</param>
/// <param name="Counts">Noisy counts of distinct shoppers per key, for keys with at least k shoppers.</param>
/// <param name="SuppressedKeys">Keys withheld for having fewer than k shoppers.</param>
/// <param name="Epsilon">The ε charged.</param>
/// <param name="Delta">The δ charged.</param>
/// <param name="RemainingEpsilon">What the consumer has left.</param>
public sealed record PrivateHistogramResponse(string Status, IReadOnlyDictionary<string, long> Counts, int SuppressedKeys, double Epsilon, double Delta, double RemainingEpsilon);

/// <summary>One query of <see cref="SearchQueriesResponse"/>.</summary>
/// <param name="Query">The query as shoppers typed it (lower case, spacing and outer punctuation aside).</param>
/// <param name="Shoppers">The noisy count of distinct shoppers who searched for it.</param>
/// <param name="Matches">How many catalogue items a search for it finds now, by its words or by what shoppers chose after it (0: a search that finds nothing).</param>
public sealed record SearchQueryCountDto(string Query, long Shoppers, int Matches);

/// <summary>
/// What shoppers search for, with differential privacy: the queries at least k distinct shoppers typed, most searched
/// first, each with a noisy count of its shoppers and how many items it finds now.
/// </summary>
/// <param name="Status">released or below_minimum_group_size.</param>
/// <param name="Queries">The queries released (after <c>noResults</c> and <c>top</c>).</param>
/// <param name="SuppressedKeys">How many queries fewer than k shoppers typed, withheld.</param>
/// <param name="Epsilon">The ε charged.</param>
/// <param name="Delta">The δ charged.</param>
/// <param name="RemainingEpsilon">What the consumer has left.</param>
public sealed record SearchQueriesResponse(string Status, IReadOnlyList<SearchQueryCountDto> Queries, int SuppressedKeys, double Epsilon, double Delta, double RemainingEpsilon);

/// <summary>A differentially private count of distinct shoppers (a segment or audience size).</summary>
/// <param name="Status">released or below_minimum_group_size.</param>
/// <param name="Count">The noisy count, or null when withheld.</param>
/// <param name="Epsilon">The ε charged.</param>
/// <param name="Delta">The δ charged.</param>
/// <param name="RemainingEpsilon">What the consumer has left.</param>
public sealed record PrivateCountResponse(string Status, long? Count, double Epsilon, double Delta, double RemainingEpsilon);

/// <summary>A consumer's privacy budget.</summary>
public sealed record PrivacyBudgetResponse(string Consumer, double SpentEpsilon, double SpentDelta, double LimitEpsilon, double LimitDelta);
