using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;

namespace Penchant.Core.Tests.Recommenders.ItemKnn;

public sealed class ItemKnnRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new ItemKnnRecommender(new ItemKnnOptions(Neighbors: 20, Shrinkage: 0f));

    [Fact]
    public void Similarities_match_a_plain_cosine_computation()
    {
        var rng = new Random(5);
        var interactions = new List<Interaction>();
        for (var u = 0; u < 30; u++)
        {
            for (var i = 0; i < 12; i++)
            {
                if (rng.NextDouble() < 0.3)
                {
                    interactions.Add(new Interaction(u, i, (float)(1 + rng.Next(3))));
                }
            }
        }

        var users = new IdMap(Enumerable.Range(0, 30).Select(i => $"u{i}"));
        var items = new IdMap(Enumerable.Range(0, 12).Select(i => $"i{i}"));
        var data = InteractionData.FromInteractions(interactions, users, items);
        const float shrink = 2f;
        var model = (ItemKnnModel)new ItemKnnRecommender(new ItemKnnOptions(Neighbors: 11, Shrinkage: shrink)).Fit(data, TrainingContext.Default);

        var m = data.Matrix;
        for (var a = 0; a < 12; a++)
        {
            var expected = new float[12];
            for (var b = 0; b < 12; b++)
            {
                if (a == b)
                {
                    continue;
                }

                double dot = 0, na = 0, nb = 0;
                for (var u = 0; u < 30; u++)
                {
                    double x = m.Get(u, a), y = m.Get(u, b);
                    dot += x * y;
                    na += x * x;
                    nb += y * y;
                }

                expected[b] = (float)(dot / ((Math.Sqrt(na) * Math.Sqrt(nb)) + shrink));
            }

            var actual = new float[12];
            model.ScoreSimilar(a, actual);
            for (var b = 0; b < 12; b++)
            {
                Assert.Equal(expected[b], actual[b], 4);
            }
        }
    }
}
