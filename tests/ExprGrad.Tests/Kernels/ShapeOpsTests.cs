using FsCheck.Xunit;

namespace ExprGrad.Tests.Kernels;

/// <summary>Slice, Concat, Flatten and Reshape as plain .NET methods: their laws, and bad ranges and shapes
/// rejected with the argument named. Their derivatives are checked by the registry's generated tests.</summary>
public class ShapeOpsTests
{
    [Property(Replay = "(314159,271829)", MaxTest = 200)]
    public void Slices_of_a_concatenation_are_its_parts(double[] a, double[] b)
    {
        var c = Ops.Concat(a, b);
        Assert.Equal(a.Length + b.Length, c.Length);
        Assert.Equal(a, Ops.Slice(c, 0, a.Length));
        Assert.Equal(b, Ops.Slice(c, a.Length, b.Length));
    }

    [Property(Replay = "(271828,161803)", MaxTest = 200)]
    public void Reshape_inverts_flatten(byte rows, byte columns, int seed)
    {
        int r = rows % 5, c = columns % 5;
        var random = new Random(seed);
        var m = new double[r, c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) m[i, j] = random.NextDouble();
        var flat = Ops.Flatten(m);
        Assert.Equal(r * c, flat.Length);
        Assert.Equal(m, Ops.Reshape(flat, r, c));
        Assert.Equal(flat, Ops.Flatten(Ops.Reshape(flat, r, c)));
    }

    [Fact]
    public void Flatten_is_row_major()
    {
        // Element (i, j) of a 2×3 matrix lands at 3i + j.
        Assert.Equal([1.0, 2, 3, 4, 5, 6], Ops.Flatten(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }));
        Assert.Equal(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }, Ops.Reshape([1.0, 2, 3, 4, 5, 6], 3, 2));
    }

    [Fact]
    public void Slice_takes_the_range_and_copies()
    {
        var a = new[] { 1.0, 2, 3, 4 };
        var s = Ops.Slice(a, 1, 2);
        Assert.Equal([2.0, 3], s);
        s[0] = 99;
        Assert.Equal(2.0, a[1]);
        Assert.Empty(Ops.Slice(a, 4, 0));
    }

    [Theory]
    [InlineData(-1, 1, "start")]
    [InlineData(0, -1, "length")]
    [InlineData(3, 2, "length")]
    [InlineData(5, 0, "length")]
    public void Slice_out_of_range_names_the_argument(int start, int length, string argument)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Slice([1.0, 2, 3, 4], start, length));
        Assert.Equal(argument, e.ParamName);
    }

    [Fact]
    public void Bad_shapes_name_the_argument()
    {
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Ops.Reshape([1.0, 2, 3], 2, 2)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Reshape([], -1, 0)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Reshape([], 0, -2)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentNullException>(() => Ops.Slice(null!, 0, 0)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentNullException>(() => Ops.Concat([], null!)).ParamName);
        Assert.Equal("m", Assert.Throws<ArgumentNullException>(() => Ops.Flatten(null!)).ParamName);
    }

    [Fact]
    public void An_unused_slice_out_of_range_still_throws_inside_a_gradient()
    {
        // Simplify drops dead stores of pure calls; a range check on the input is not dead code, so a
        // slice whose value nobody reads must still reject a point too short for it.
        var grad = Grad.Of((double[] x) => Ops.Let(Ops.Slice(x, 2, 2), unused => x[0] * x[0]));
        Assert.Equal([6.0, 0, 0, 0], grad([3.0, 1, 1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => grad([3.0, 1, 1]));
        var reshaped = Grad.Of((double[] x) => Ops.Let(Ops.Reshape(x, 2, 2), unused => x[0]));
        Assert.Throws<ArgumentException>(() => reshaped([1.0, 2, 3]));
    }
}
