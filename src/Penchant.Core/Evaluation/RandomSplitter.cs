namespace Penchant.Core.Evaluation;

/// <summary>
/// A seeded random split by ratio, RecBole's "RS" protocol (default 8:1:1). Per user (the default, RecBole's
/// <c>group_by: user</c>) each user's records are shuffled and cut by the ratio; globally all records are
/// shuffled together and cut once.
/// </summary>
/// <remarks>
/// Counts follow RecBole's <c>_calcu_split_ids</c>: the validation and test parts get floor(ratio x n) records
/// each, raised to 1 when ratio x n is between 0 and 1 as long as training keeps more than one record; training
/// gets the rest. Without validation the validation share stays in training, so the test part is the same
/// whether or not validation is asked for. The shuffle uses <see cref="Random"/> seeded with <see cref="Seed"/>,
/// so figures are reproducible here but are not RecBole's own permutation.
/// </remarks>
public sealed class RandomSplitter : IDataSplitter
{
    public RandomSplitter(double trainRatio = 0.8, double validationRatio = 0.1, double testRatio = 0.1, bool perUser = true, int seed = 42)
    {
        var total = trainRatio + validationRatio + testRatio;
        if (trainRatio <= 0 || validationRatio < 0 || testRatio <= 0 || total <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trainRatio), "Ratios must be positive (validation may be 0).");
        }

        TrainRatio = trainRatio / total;
        ValidationRatio = validationRatio / total;
        TestRatio = testRatio / total;
        PerUser = perUser;
        Seed = seed;
    }

    public double TrainRatio { get; }

    public double ValidationRatio { get; }

    public double TestRatio { get; }

    /// <summary>Split each user's records separately (true) or all records at once (false).</summary>
    public bool PerUser { get; }

    public int Seed { get; }

    public string Description =>
        $"random {TrainRatio:0.##}:{ValidationRatio:0.##}:{TestRatio:0.##} {(PerUser ? "per user" : "global")}, seed {Seed}";

    public RecordSplit Split(IReadOnlyList<InteractionRecord> records, bool withValidation)
    {
        ArgumentNullException.ThrowIfNull(records);
        var random = new Random(Seed);
        var train = new List<InteractionRecord>();
        var validation = new List<InteractionRecord>();
        var test = new List<InteractionRecord>();
        var groups = PerUser ? SplitHelpers.GroupByUserInTimeOrder(records) : [[.. records]];
        foreach (var group in groups)
        {
            SplitHelpers.Shuffle(group, random);
            var (trainCount, validationCount, _) = Counts(group.Count, TrainRatio, ValidationRatio, TestRatio);
            for (var i = 0; i < group.Count; i++)
            {
                var target = i < trainCount ? train : i < trainCount + validationCount ? (withValidation ? validation : train) : test;
                target.Add(group[i]);
            }
        }

        return new RecordSplit(train, validation, test);
    }

    /// <summary>RecBole's part sizes for <paramref name="total"/> records.</summary>
    public static (int Train, int Validation, int Test) Counts(int total, double trainRatio, double validationRatio, double testRatio)
    {
        double[] ratios = [trainRatio, validationRatio, testRatio];
        var counts = new int[3];
        for (var i = 1; i < 3; i++)
        {
            counts[i] = (int)(ratios[i] * total);
        }

        counts[0] = total - counts[1] - counts[2];
        for (var i = 1; i < 3; i++)
        {
            if (counts[0] <= 1)
            {
                break;
            }

            var share = ratios[3 - i] * total;
            if (share is > 0 and < 1)
            {
                counts[3 - i]++;
                counts[0]--;
            }
        }

        return (counts[0], counts[1], counts[2]);
    }
}
