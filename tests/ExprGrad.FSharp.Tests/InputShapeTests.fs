/// The gradient has the input's own type: float, float[], float[,] and tuples of them, up to 8.
module ExprGrad.FSharp.Tests.InputShapeTests

open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open ExprGrad
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

/// A vector of 1 to 5 and a matrix of 1..3 × 1..3 coordinates in [-1, 1].
type Tensors = Tensors of float[] * float[,]

type private TensorGenerators =
    static member Tensors() =
        let coordinate = Gen.choose (-1000, 1000) |> Gen.map (fun i -> float i / 1000.0)
        gen {
            let! n = Gen.choose (1, 5)
            let! v = Gen.arrayOfLength n coordinate
            let! rows = Gen.choose (1, 3)
            let! cols = Gen.choose (1, 3)
            let! m = Gen.arrayOfLength (rows * cols) coordinate
            return Tensors(v, Array2D.init rows cols (fun i j -> m[i * cols + j]))
        }
        |> Arb.fromGen

let private flatten (m: float[,]) = [| for i in 0 .. Array2D.length1 m - 1 do for j in 0 .. Array2D.length2 m - 1 -> m[i, j] |]
let private unflatten rows cols (xs: float[]) = Array2D.init rows cols (fun i j -> xs[i * cols + j])

let private f (v: float[], m: float[,], s: float) =
    v[0] * m[0, 0] * s + Array.sumBy (fun t -> sin t) v + m[Array2D.length1 m - 1, Array2D.length2 m - 1] ** 2.0

[<Property(MaxTest = 100, Replay = "(20260105,1)", Arbitrary = [| typeof<TensorGenerators> |])>]
let ``a tuple of vector, matrix and float gets a gradient of the same shapes`` (Tensors(v, m)) =
    let s = 0.5
    let q = <@ fun (v: float[], m: float[,], s: float) ->
                v[0] * m[0, 0] * s + Array.sumBy (fun t -> sin t) v + m[Array2D.length1 m - 1, Array2D.length2 m - 1] ** 2.0 @>
    let dv, dm, ds = grad q (v, m, s)
    let rows, cols = Array2D.length1 m, Array2D.length2 m
    let point = Array.concat [ v; flatten m; [| s |] ]
    let split (p: float[]) = p[.. v.Length - 1], unflatten rows cols p[v.Length .. v.Length + rows * cols - 1], p[p.Length - 1]
    let expected = numericGradient (split >> f) point
    Assert.Equal(rows, Array2D.length1 dm)
    Assert.Equal(cols, Array2D.length2 dm)
    assertClose "(v, m, s)" expected (Array.concat [ dv; flatten dm; [| ds |] ])

[<Property(MaxTest = 50, Replay = "(20260106,1)", Arbitrary = [| typeof<TensorGenerators> |])>]
let ``a single vector or matrix input`` (Tensors(v, m)) =
    let dv = grad <@ fun (v: float[]) -> Array.sum v * v[0] @> v
    let dm = grad <@ fun (m: float[,]) -> m[0, 0] * m[0, 0] @> m
    let expectedV = numericGradient (fun v -> Array.sum v * v[0]) v
    assertClose "vector" expectedV dv
    assertClose "matrix" (Array.append [| 2.0 * m[0, 0] |] (Array.zeroCreate (m.Length - 1))) (flatten dm)

[<Fact>]
let ``a scalar input gives a scalar gradient`` () =
    let g: float -> float = grad <@ fun x -> x * x * x @>
    Assert.Equal(27.0, g 3.0)

[<Fact>]
let ``an 8-tuple, the core's largest arity, keeps every position`` () =
    let g = grad <@ fun (a, b, c, d, e, f, g, h) -> a * 1.0 + b * 2.0 + c * 3.0 + d * 4.0 + e * 5.0 + f * 6.0 + g * 7.0 + h * 8.0 @>
    Assert.Equal((1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0), g (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0))

[<Fact>]
let ``an ignored tuple element gets a zero gradient`` () =
    Assert.Equal((6.0, 0.0), grad <@ fun (x, _: float) -> x * x @> (3.0, 2.0))
