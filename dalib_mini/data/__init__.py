"""Real datasets of the course, found under the data root or downloaded (checksummed)."""
from ._download import (
    ChecksumError,
    DatasetCorruptError,
    DatasetNotFoundError,
    data_root,
    download_file,
)
from .amazon_reviews import AMAZON_DOMAINS, AMAZON_SHA256, load_amazon_reviews
from .deepcc_benchmarks import (
    DEEPCC_DATASETS,
    DEEPCC_SHA256,
    CoClusteringData,
    load_deepcc_benchmark,
)
from .digits import NORMALIZATIONS, DigitAdaptationTask, mnist_to_mnistm, normalize_domains
from .mnist import load_mnist
from .mnist_m import MNIST_M_SHA256, load_mnist_m
from .movielens import (
    MOVIELENS_GENRES,
    MOVIELENS_SHA256,
    U_DATA_MD5,
    MovieLens,
    load_movielens_100k,
    load_movielens_100k_from_wheel,
)
from .transforms import digits_to_rgb32, to_float_images

__all__ = ["ChecksumError", "DatasetCorruptError", "DatasetNotFoundError", "data_root",
           "download_file", "AMAZON_DOMAINS", "load_amazon_reviews", "DEEPCC_DATASETS",
           "CoClusteringData", "load_deepcc_benchmark", "load_mnist", "load_mnist_m",
           "MOVIELENS_GENRES", "MovieLens", "load_movielens_100k", "load_movielens_100k_from_wheel",
           "U_DATA_MD5", "AMAZON_SHA256", "DEEPCC_SHA256", "MNIST_M_SHA256", "MOVIELENS_SHA256",
           "digits_to_rgb32", "to_float_images", "NORMALIZATIONS", "DigitAdaptationTask",
           "mnist_to_mnistm", "normalize_domains"]
