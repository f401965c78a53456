using Penchant.Core.Text;

namespace Penchant.Core.Tests.Text;

public sealed class TrainedSentimentClassifierTests
{
    // A toy set the lexicon alone gets wrong: "zorp" and "blick" are made-up praise and complaint words.
    private static List<LabeledText> ToySet()
    {
        var rng = new Random(11);
        string[] fillers = ["the item", "this guitar", "my order", "the jacket", "it", "the cable", "这件衣服", "这个"];
        string[] positive = ["zorp", "so zorp", "totally zorp", "超级棒棒哒", "棒棒哒"];
        string[] negative = ["blick", "so blick", "totally blick", "气死我了", "垃圾货色"];
        var result = new List<LabeledText>();
        for (var i = 0; i < 160; i++)
        {
            var isPositive = i % 4 != 0; // imbalanced: a quarter negative
            var words = isPositive ? positive : negative;
            result.Add(new LabeledText($"{fillers[rng.Next(fillers.Length)]} is {words[rng.Next(words.Length)]}", isPositive));
        }

        return result;
    }

    private static readonly SentimentClassifierOptions Fast = new(L2Grid: [0.5], Folds: 3, MinCount: 1, MaxIterations: 100);

    [Fact]
    public void Learns_a_separable_toy_set()
    {
        var model = TrainedSentimentClassifier.Train(ToySet(), Fast);
        Assert.True(model.Analyze("the box is zorp").Polarity > 0);
        Assert.True(model.Analyze("the box is blick").Polarity < 0);
        Assert.True(model.Analyze("这个 棒棒哒").Polarity > 0);
        Assert.True(model.Analyze("气死我了").Polarity < 0);
        Assert.All(ToySet(), e => Assert.Equal(e.IsPositive, !model.Analyze(e.Text).IsNegative));
        Assert.InRange(model.Threshold, 0.0, 1.0);
    }

    [Fact]
    public void Uses_the_lexicon_features_when_words_are_unseen()
    {
        var data = new List<LabeledText>();
        for (var i = 0; i < 30; i++)
        {
            data.Add(new LabeledText(i % 2 == 0 ? $"item {i} is great and lovely" : $"item {i} is awful and broken", i % 2 == 0));
        }

        var model = TrainedSentimentClassifier.Train(data, Fast);
        Assert.True(model.Analyze("wonderful, perfect, excellent").Polarity > 0);
        Assert.True(model.Analyze("terrible, horrible, worst").Polarity < 0);
    }

    [Fact]
    public void Round_trips_through_save_and_load()
    {
        var model = TrainedSentimentClassifier.Train(ToySet(), Fast);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = TrainedSentimentClassifier.Load(stream);
        Assert.Equal(model.Threshold, loaded.Threshold);
        Assert.Equal(model.FeatureCount, loaded.FeatureCount);
        foreach (var text in new[] { "the item is zorp", "it is so blick", "这个 超级棒棒哒", "unrelated words" })
        {
            Assert.Equal(model.Probability(text), loaded.Probability(text));
        }
    }

    [Fact]
    public void Same_data_and_seed_give_the_same_model()
    {
        var a = TrainedSentimentClassifier.Train(ToySet(), Fast with { L2Grid = [0.5, 4] });
        var b = TrainedSentimentClassifier.Train(ToySet(), Fast with { L2Grid = [0.5, 4] });
        Assert.Equal(a.Threshold, b.Threshold);
        Assert.Equal(a.ChosenL2, b.ChosenL2);
        Assert.Equal(a.Probability("the cable is zorp"), b.Probability("the cable is zorp"));
    }

    [Fact]
    public void Negation_marking_separates_negated_words()
    {
        var data = new List<LabeledText>();
        for (var i = 0; i < 40; i++)
        {
            data.Add(new LabeledText(i % 2 == 0 ? "it works fine" : "it does not work fine", i % 2 == 0));
        }

        var model = TrainedSentimentClassifier.Train(data, Fast);
        Assert.True(model.Analyze("never work fine").Polarity < model.Analyze("work fine").Polarity);
    }

    [Fact]
    public void Rejects_training_data_with_one_class()
    {
        var data = Enumerable.Range(0, 10).Select(i => new LabeledText($"text {i}", true)).ToList();
        Assert.Throws<ArgumentException>(() => TrainedSentimentClassifier.Train(data));
    }

    [Fact]
    public void Rejects_a_stream_that_is_not_a_model()
    {
        using var stream = new MemoryStream("not a model at all"u8.ToArray());
        Assert.Throws<InvalidDataException>(() => TrainedSentimentClassifier.Load(stream));
    }

    [Fact]
    public void Best_threshold_maximises_macro_f1()
    {
        double[] p = [0.1, 0.2, 0.3, 0.6, 0.7, 0.9];
        bool[] labels = [false, false, true, true, true, true];
        var (threshold, f1) = TrainedSentimentClassifier.BestThreshold(p, labels);
        Assert.InRange(threshold, 0.2, 0.3);
        Assert.Equal(1.0, f1, 9);
    }
}
