namespace Penchant.Core.Evaluation;

/// <summary>
/// Leave-last-one-out: each user's newest record is the test record and, with validation, the second
/// newest is the validation record. Records are ordered by timestamp, ties by input order.
/// </summary>
/// <remarks>
/// A user keeps at least <see cref="MinTrainRecords"/> records in training: users with too short a history
/// give nothing to the held-out parts (a user with 2 records and validation asked gives only a test record).
/// This is the protocol of SASRec / S3-Rec on Amazon Beauty (there with full ranking over all items).
/// </remarks>
public sealed class LeaveLastOutSplitter(int minTrainRecords = 1) : IDataSplitter
{
    /// <summary>The fewest records a user keeps in training.</summary>
    public int MinTrainRecords { get; } = Math.Max(0, minTrainRecords);

    public string Description => "leave-last-one-out per user";

    public RecordSplit Split(IReadOnlyList<InteractionRecord> records, bool withValidation)
    {
        ArgumentNullException.ThrowIfNull(records);
        var train = new List<InteractionRecord>(records.Count);
        var validation = new List<InteractionRecord>();
        var test = new List<InteractionRecord>();
        foreach (var history in SplitHelpers.GroupByUserInTimeOrder(records))
        {
            var n = history.Count;
            var testAt = n - 1 >= MinTrainRecords ? n - 1 : -1;
            var validationAt = withValidation && testAt >= 0 && n - 2 >= MinTrainRecords ? n - 2 : -1;
            for (var i = 0; i < n; i++)
            {
                var target = i == testAt ? test : i == validationAt ? validation : train;
                target.Add(history[i]);
            }
        }

        return new RecordSplit(train, validation, test);
    }
}
