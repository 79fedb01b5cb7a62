/// `Array.sortInPlace`, `sortInPlaceBy`, `sortInPlaceWith`, `fill`, `blit`, `set`, `iter2`, `iteri2` and the
/// `Array2D` `copy`, `mapi`, `iter`, `iteri`, `set` (issue 15): writes into a local array the quotation made,
/// lowered to loops and element writes. Each gradient is compiled once and called at lengths 1 to 6.
module ExprGrad.FSharp.Tests.InPlaceTests

open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

let private sorted = grad <@ fun (x: float[]) -> let y = Array.copy x in Array.sortInPlace y; y |> Array.mapi (fun j v -> float (j + 1) * v * v) |> Array.sum @>
let private sortedBy = grad <@ fun (x: float[]) -> let y = Array.map sin x in Array.sortInPlaceBy (fun v -> -v) y; y |> Array.mapi (fun j v -> float (j + 1) * v) |> Array.sum @>
let private sortedWith = grad <@ fun (x: float[]) -> let y = Array.copy x in Array.sortInPlaceWith (fun a b -> compare (abs a) (abs b)) y; y |> Array.mapi (fun j v -> float (j + 1) * v) |> Array.sum @>

[<Property(MaxTest = 200, Replay = "(20261129,211)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``sortInPlace, sortInPlaceBy and sortInPlaceWith send each slot's adjoint to the element sorted into it`` (Vector x) =
    let n = x.Length
    // Slot of xᵢ under a key: how many keys are below it, plus the equal ones before it.
    let slot (key: float -> float) i = Seq.length (seq { for j in 0 .. n - 1 do if key x[j] < key x[i] || (key x[j] = key x[i] && j < i) then yield j })
    // Σ (slot+1)·xᵢ² → 2(slot+1)xᵢ.
    if Array.distinct x = x then
        assertClose $"sortInPlace at %A{x}" (Array.init n (fun i -> 2.0 * float (slot id i + 1) * x[i])) (sorted x)
        // Σ (slot+1)·sin xᵢ, sorted descending → (slot+1) cos xᵢ.
        assertClose $"sortInPlaceBy at %A{x}" (Array.init n (fun i -> float (slot (fun v -> -(sin v)) i + 1) * cos x[i])) (sortedBy x)
    assertClose $"sortInPlaceWith at %A{x}" (Array.init n (fun i -> float (slot abs i + 1))) (sortedWith x)

/// Run plainly for the central differences, and inlined into the quotation below as a [<ReflectedDefinition>].
[<ReflectedDefinition>]
let writtenPlain (x: float[]) =
    let y = Array.zeroCreate (x.Length + 2)
    Array.fill y 0 2 (x[0] * x[0])
    Array.blit x 0 y 2 x.Length
    Array.blit y 1 y 0 2
    Array.set y 1 (sin y[1])
    let mutable s = 0.0
    Array.iteri2 (fun i a b -> s <- s + float (i + 1) * a * b) y y
    Array.iter2 (fun a b -> s <- s + a * exp b) x (Array.map cos x)
    s
let private written = <@ fun (x: float[]) -> writtenPlain x @>
let private writtenGrad = grad written

[<Property(MaxTest = 100, Replay = "(20261129,213)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``fill, blit (also overlapping), set, iter2 and iteri2 match central differences`` (Vector x) =
    assertClose $"at %A{x}" (numericGradient writtenPlain x) (writtenGrad x)
    let value, gradient = valueAndGrad written x
    Assert.True(close (writtenPlain x) value)
    assertClose $"valueAndGrad at %A{x}" (writtenGrad x) gradient

[<Fact>]
let ``fill and blit check their ranges as F#'s, and iter2 its lengths`` () =
    let fsharps (f: unit -> unit) = (Assert.ThrowsAny<exn>(fun () -> f ())).GetType()
    let same expected (f: unit -> float[]) = Assert.Throws(expected, fun () -> f () |> ignore) |> ignore
    same (fsharps (fun () -> Array.fill (Array.zeroCreate<float> 2) 1 5 0.0)) (fun () -> grad <@ fun (x: float[]) -> let y = Array.zeroCreate 2 in Array.fill y 1 5 x[0]; Array.sum y @> [| 1.0 |])
    same (fsharps (fun () -> Array.blit [| 1.0 |] 0 (Array.zeroCreate<float> 2) 0 3)) (fun () -> grad <@ fun (x: float[]) -> let y = Array.zeroCreate 2 in Array.blit x 0 y 0 3; Array.sum y @> [| 1.0 |])
    same (fsharps (fun () -> Array.iter2 (fun _ _ -> ()) [| 1.0 |] [| 1.0; 2.0 |])) (fun () -> grad <@ fun (x: float[]) -> let mutable s = 0.0 in Array.iter2 (fun a b -> s <- s + a * b) x x[1..]; s @> [| 1.0; 2.0 |])

[<Fact>]
let ``sorting in place an array not bound to a name is refused, saying to bind it`` () =
    rejects "not bound to a name" (fun () -> box (grad <@ fun (x: float[]) -> Array.sortInPlace (Array.map sin x); x[0] @>))

let private matrixOps =
    grad <@ fun (m: float[,]) ->
        let c = Array2D.copy m
        Array2D.set c 0 0 (m[0, 0] * 3.0)
        let d = Array2D.mapi (fun i j v -> float (i + 2 * j + 1) * v * v) c
        let mutable s = 0.0
        Array2D.iter (fun v -> s <- s + sin v) d
        Array2D.iteri (fun i j v -> s <- s + float (i - j) * v) c
        s @>

[<Fact>]
let ``Array2D copy, set, mapi, iter and iteri differentiate element by element`` () =
    let m = array2D [ [ 0.3; -0.2; 0.5 ]; [ 0.1; 0.7; -0.4 ] ]
    // c = m except c₀₀ = 3m₀₀; d_ij = (i + 2j + 1)c_ij²; s = Σ sin d_ij + Σ (i − j) c_ij.
    // ∂/∂m_ij (ij ≠ 00) = cos d_ij · 2(i + 2j + 1)m_ij + (i − j); ∂/∂m₀₀ = 3 (cos d₀₀ · 2·3m₀₀ + 0).
    let expected =
        Array2D.init 2 3 (fun i j ->
            let w = float (i + 2 * j + 1)
            if i = 0 && j = 0 then 3.0 * (cos (w * 9.0 * m[0, 0] * m[0, 0]) * 2.0 * w * 3.0 * m[0, 0])
            else cos (w * m[i, j] * m[i, j]) * 2.0 * w * m[i, j] + float (i - j))
    let actual = matrixOps m
    Array.iter2 (fun e a -> assertClose "row" e a) (rows expected) (rows actual)

[<Fact>]
let ``Array2D.blit (also within one matrix) and rebase copy element by element; other bases are refused`` () =
    // c = 0 (3×3); the 2×2 block of m at (0, 1) into c at (1, 0); then c's block at (1, 0) into c at (0, 1), overlapping.
    let g = grad <@ fun (m: float[,]) ->
                     let c = Array2D.zeroCreate 3 3
                     Array2D.blit m 0 1 c 1 0 2 2
                     Array2D.blit c 1 0 c 0 1 2 2
                     let r = Array2D.rebase c
                     let mutable s = 0.0
                     Array2D.iteri (fun i j v -> s <- s + float (3 * i + j + 1) * v * v) r
                     s @>
    let m = array2D [ [ 1.0; 2.0; 3.0 ]; [ 4.0; 5.0; 6.0 ] ]
    // After the first blit: c[1,0] = m01, c[1,1] = m02, c[2,0] = m11, c[2,1] = m12. The second copies that block
    // (read whole first) to (0, 1): c[0,1] = m01, c[0,2] = m02, c[1,1] = m11, c[1,2] = m12; c[1,0] and c[2,*] stay.
    // s = Σ w_ij c_ij², w = 3i + j + 1: m01 in c[0,1] (w 2) and c[1,0] (w 4): 2·6·m01 = 24; m02 in c[0,2] (3): 2·3·3 = 18;
    // m11 in c[1,1] (5) and c[2,0] (7): 2·12·5 = 120; m12 in c[1,2] (6) and c[2,1] (8): 2·14·6 = 168.
    let expected = array2D [ [ 0.0; 24.0; 18.0 ]; [ 0.0; 120.0; 168.0 ] ]
    Array.iter2 (fun e a -> assertClose "row" e a) (rows expected) (rows (g m))
    let fsharps = (Assert.ThrowsAny<exn>(fun () -> Array2D.blit m 0 0 (Array2D.zeroCreate<float> 1 1) 0 0 2 2)).GetType()
    Assert.Throws(fsharps, fun () -> g (array2D [ [ 1.0 ] ]) |> ignore) |> ignore
    rejects "a matrix indexed from other bases than 0" (fun () -> box (grad <@ fun (m: float[,]) -> let c = Array2D.zeroCreateBased 1 1 2 2 in c[1, 1] + m[0, 0] @>))
